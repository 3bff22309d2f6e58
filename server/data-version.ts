// The data's version (graphFingerprint) and the one throttle that every data-derived cache reads it
// through: the schema counts, the overview and the analytics all follow the same value.
import type { Db } from './db/driver';
import { graphFingerprint } from './queries/analytics';
import { onePer } from './one-per';

/**
 * The fingerprint of one database, read at most once per `recheckMs`; concurrent callers share one
 * read, and a failed read is forgotten so the next caller tries again.
 */
export class DataVersion {
  private last?: { at: number; value: Promise<string> };

  constructor(
    private readonly db: Db,
    private readonly recheckMs = 1_000,
    private readonly read: (db: Db) => Promise<string> = graphFingerprint,
  ) {}

  current(): Promise<string> {
    if (!this.last || Date.now() - this.last.at >= this.recheckMs) {
      const entry = { at: Date.now(), value: this.read(this.db) };
      this.last = entry;
      entry.value.catch(() => {
        if (this.last === entry) this.last = undefined;
      });
    }
    return this.last.value;
  }

  /** Reads again on the next call, e.g. after this process changed the data itself. */
  forget(): void {
    this.last = undefined;
  }
}

/**
 * The one DataVersion of a database in this process: keyed by the Db rather than held by the app, so
 * that the app's schema service and the analytics service server/index.ts builds before it share one.
 */
export const dataVersionOf = onePer((db: Db) => new DataVersion(db));
