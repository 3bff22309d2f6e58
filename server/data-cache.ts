// Answers that depend only on the graph's data, kept until the data changes. The overview ranks
// every entity by degree (seconds on a 100k graph) and is what every analyst's first page load
// asks for; nothing in it changes until a dataset is loaded or removed, which the data
// fingerprint (SchemaService.fingerprint) tells.

export class DataCache {
  private fingerprint: string | undefined;
  private readonly entries = new Map<string, Promise<unknown>>();
  /** How many answers were computed rather than reused (tests read it). */
  computations = 0;

  constructor(
    private readonly fingerprintOf: () => Promise<string>,
    /** Distinct keys kept (filters and limits vary); the least recently used goes first. */
    private readonly maxEntries = 32,
  ) {}

  async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const fingerprint = await this.fingerprintOf();
    if (fingerprint !== this.fingerprint) {
      this.entries.clear();
      this.fingerprint = fingerprint;
    }
    let entry = this.entries.get(key) as Promise<T> | undefined;
    if (entry) {
      this.entries.delete(key); // re-inserted below: most recently used last
    } else {
      this.computations++;
      const computing = compute();
      entry = computing;
      // A failure is not an answer: the next request computes again.
      computing.catch(() => {
        if (this.entries.get(key) === computing) this.entries.delete(key);
      });
    }
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }
}
