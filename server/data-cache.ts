// Answers that depend only on the graph's data, kept until the data changes. The overview ranks
// every entity by degree (seconds on a 100k graph) and is what every analyst's first page load
// asks for; nothing in it changes until a dataset is loaded or removed, which the data
// fingerprint (data-version.ts, through SchemaService.fingerprint) tells.

/**
 * One value per data fingerprint: concurrent callers share the computation, a change recomputes,
 * and a failure is forgotten so that the next caller tries again.
 */
export class FingerprintCache<T> {
  private current?: { fingerprint: string; value: Promise<T> };

  get(fingerprint: string, compute: () => Promise<T>): Promise<T> {
    if (this.current?.fingerprint !== fingerprint) {
      const value = compute();
      const entry = { fingerprint, value };
      this.current = entry;
      value.catch(() => {
        if (this.current === entry) this.current = undefined;
      });
    }
    return this.current.value;
  }
}

export class DataCache {
  private fingerprint: string | undefined;
  /** One FingerprintCache per key, least recently used first. */
  private readonly entries = new Map<string, FingerprintCache<unknown>>();
  /** How many answers were computed rather than reused (tests read it). */
  computations = 0;

  constructor(
    private readonly fingerprintOf: () => Promise<string>,
    /** Distinct keys kept (filters and limits vary); the least recently used goes first. */
    private readonly maxEntries = 32,
  ) {}

  /** Forgets every answer, e.g. after this process loaded a dataset. */
  clear(): void {
    this.entries.clear();
    this.fingerprint = undefined;
  }

  async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const fingerprint = await this.fingerprintOf();
    if (fingerprint !== this.fingerprint) {
      this.entries.clear();
      this.fingerprint = fingerprint;
    }
    const entry = (this.entries.get(key) as FingerprintCache<T> | undefined) ?? new FingerprintCache<T>();
    this.entries.delete(key); // re-inserted below: most recently used last
    this.entries.set(key, entry as FingerprintCache<unknown>);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return entry.get(fingerprint, () => {
      this.computations++;
      return compute();
    });
  }
}
