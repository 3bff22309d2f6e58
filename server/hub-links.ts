// The list of relationships between hubs (queries/explore.ts `hubLinks`), kept per data
// fingerprint: neighbours, subgraphs and the overview take the relationships between two hub
// members from it instead of reading every relationship of both hubs (BENCHMARKS.md, db hits).
//
// It follows the one fingerprint (data-version.ts), so a load or a delete gives a new list. Answers
// never trust it blindly: every listed relationship is read again by element id and dropped unless
// it still joins two members, and a hub whose degree differs from the list's is expanded afresh,
// so a list read before a delete cannot put deleted ids in an answer, even in the second before
// the fingerprint is read again. Reading the list scans every entity's degree (2.6 s on the 100k
// graph), so no request waits for it: until it is there, answers expand hub pairs themselves
// (the same answer, more reads).
import type { Db } from './db/driver';
import { dataVersionOf, type DataVersion } from './data-version';
import { HUB_DEGREE, hubLinks, type HubLinks } from './queries/explore';

/** Longer than a request's timeout: the list is read in the background. */
const LIST_TIMEOUT_MS = 120_000;

export class HubLinkService {
  private entry?: { fingerprint: string; pending: Promise<HubLinks>; links?: HubLinks };
  /** How many times the list was read (tests read it). */
  computations = 0;

  constructor(
    private readonly db: Db,
    private readonly version: DataVersion = dataVersionOf(db),
    private readonly minDegree = HUB_DEGREE,
  ) {}

  /** The list of the data as it is now if it has been read; else starts reading it and says none. */
  async current(): Promise<HubLinks | undefined> {
    return (await this.start()).links;
  }

  /** The list of the data as it is now, waiting for it to be read. */
  async settled(): Promise<HubLinks> {
    return (await this.start()).pending;
  }

  private async start() {
    const fingerprint = await this.version.current();
    if (this.entry?.fingerprint !== fingerprint) {
      this.computations++;
      const entry: NonNullable<HubLinkService['entry']> = {
        fingerprint,
        pending: hubLinks(this.db, this.minDegree, LIST_TIMEOUT_MS),
      };
      this.entry = entry;
      entry.pending.then(
        (links) => {
          entry.links = links;
        },
        // Forgotten, so that the next request tries again; meanwhile answers expand hub pairs.
        () => {
          if (this.entry === entry) this.entry = undefined;
        },
      );
    }
    return this.entry;
  }
}

const services = new WeakMap<Db, HubLinkService>();

/** The one HubLinkService of a database in this process. */
export function hubLinksOf(db: Db): HubLinkService {
  let service = services.get(db);
  if (!service) {
    service = new HubLinkService(db);
    services.set(db, service);
  }
  return service;
}
