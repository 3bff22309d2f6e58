// The list of relationships between hubs (queries/explore.ts `hubLinks`), kept per data
// fingerprint: neighbours, subgraphs and the overview take the relationships between two hub
// members from it instead of reading every relationship of both hubs (BENCHMARKS.md, db hits).
//
// It follows the one fingerprint (data-version.ts): a load or a delete makes it read the list
// again. Answers never trust a list blindly: every listed relationship is read again by element id
// and dropped unless it still joins two members, and a hub whose degree is not the list's has its
// relationships read afresh. So an older list gives the same answers as a new one, only with more
// reads, and it is what answers use while the new one is read: reading scans every entity's degree
// (2.6 s, 492k db hits on the 100k graph), so no request waits for it, and during a load, whose
// fingerprint changes every second, one read runs at a time. Until the first list is there,
// answers read each hub member's relationships, as before the list existed. The one change the
// degree check cannot see is a hub that lost one relationship to another hub and gained one in the
// same second; the list read for that change has it.
import type { Db } from './db/driver';
import { dataVersionOf, type DataVersion } from './data-version';
import { HUB_DEGREE, hubLinks, type HubLinks } from './queries/explore';
import { onePer } from './one-per';

/** Longer than a request's timeout: the list is read in the background. */
const LIST_TIMEOUT_MS = 120_000;

type ReadList = (db: Db, minDegree: number, timeoutMs: number) => Promise<HubLinks>;

export class HubLinkService {
  private latest?: { fingerprint: string; links: HubLinks };
  private reading?: Promise<void>;
  /** How many times the list was read (tests read it). */
  computations = 0;

  constructor(
    private readonly db: Db,
    private readonly version: DataVersion = dataVersionOf(db),
    private readonly minDegree = HUB_DEGREE,
    private readonly read: ReadList = hubLinks,
  ) {}

  /** The latest list read (of this data or older), starting a read if the data changed since. */
  async current(): Promise<HubLinks | undefined> {
    const fingerprint = await this.version.current();
    if (this.latest?.fingerprint !== fingerprint) void this.start(fingerprint);
    return this.latest?.links;
  }

  /** The list of the data as it is now, waiting for it to be read (tests, tools). */
  async settled(): Promise<HubLinks> {
    for (;;) {
      const fingerprint = await this.version.current();
      if (this.latest?.fingerprint === fingerprint) return this.latest.links;
      await this.start(fingerprint);
    }
  }

  /** Reads the list unless a read is under way (then waits for that one); a failure is thrown. */
  private start(fingerprint: string): Promise<void> {
    this.reading ??= (async () => {
      try {
        this.computations++;
        const links = await this.read(this.db, this.minDegree, LIST_TIMEOUT_MS);
        this.latest = { fingerprint, links };
      } finally {
        this.reading = undefined;
      }
    })();
    const reading = this.reading;
    // Answers go on with the list they have; the next request after a failure tries again.
    reading.catch(() => undefined);
    return reading;
  }
}

/** The one HubLinkService of a database in this process. */
export const hubLinksOf = onePer((db: Db) => new HubLinkService(db));
