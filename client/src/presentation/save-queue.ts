// Owns the saving of one versioned document (a story): edits apply to the local copy at once, and
// saves go out one at a time, each based on the latest version the server returned. Edits made while
// a save is in flight are kept and sent next, so nothing typed is lost and no 409 is caused by our
// own saves; a 409 means a real concurrent edit (another tab), and then both versions are kept until
// the analyst chooses. Pure logic: no DOM, no fetch (the caller passes `send` and `fetchLatest`).

export interface Versioned {
  id: string;
  version: number;
}

export type SaveState = 'saved' | 'pending' | 'saving' | 'conflict' | 'error';

/** Thrown by `send` when the server has a newer version than the one the save was based on. */
export class VersionConflict extends Error {
  constructor(readonly serverVersion?: number) {
    super('the document was changed elsewhere');
    this.name = 'VersionConflict';
  }
}

export interface SaveQueueOptions<T extends Versioned> {
  /** Saves `doc` as an edit of `baseVersion`; resolves with the server's copy (its new version). */
  send(doc: T, baseVersion: number): Promise<T>;
  /** The server's current copy, fetched after a conflict. */
  fetchLatest(id: string): Promise<T>;
  /** Called after every change of value or state. */
  onChange?(queue: SaveQueue<T>): void;
  /** How long text edits wait for more typing before they are sent (structural edits go at once). */
  delayMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class SaveQueue<T extends Versioned> {
  private base: T;
  private working: T;
  private dirty = false;
  private inFlight: Promise<void> | undefined;
  private timer: unknown;
  private failure: Error | undefined;
  /** Set while a concurrent edit waits for the analyst's choice. */
  conflict: { mine: T; theirs: T } | undefined;

  constructor(
    initial: T,
    private readonly options: SaveQueueOptions<T>,
  ) {
    this.base = initial;
    this.working = initial;
  }

  /** The document as the analyst sees it: the server's copy plus every local edit. */
  get value(): T {
    return this.working;
  }

  /** The version the next save is based on. */
  get baseVersion(): number {
    return this.base.version;
  }

  get error(): Error | undefined {
    return this.failure;
  }

  get state(): SaveState {
    if (this.conflict) return 'conflict';
    if (this.inFlight) return 'saving';
    if (this.failure) return 'error';
    if (this.dirty) return 'pending';
    return 'saved';
  }

  /** True while something typed is not yet on the server. */
  get unsaved(): boolean {
    return this.dirty || this.inFlight !== undefined || this.conflict !== undefined;
  }

  /**
   * Applies `change` to the local copy now. `typing` edits are sent after a pause (delayMs);
   * the others, and any flush(), send at once.
   */
  edit(change: (doc: T) => T, { typing = false }: { typing?: boolean } = {}): void {
    this.working = change(this.working);
    this.dirty = true;
    this.failure = undefined;
    this.changed();
    if (typing && (this.options.delayMs ?? 0) > 0) this.schedule();
    else this.kick();
  }

  /** Sends what is pending now and resolves when the queue is idle (or waiting on a conflict). */
  async flush(): Promise<void> {
    this.cancelTimer();
    this.kick();
    while (this.inFlight) await this.inFlight;
  }

  /** After an error: send again what is pending. */
  retry(): Promise<void> {
    this.failure = undefined;
    return this.flush();
  }

  /** Conflict resolved by keeping this tab's version: it is saved over theirs. */
  keepMine(): Promise<void> {
    if (!this.conflict) return Promise.resolve();
    this.base = this.conflict.theirs;
    this.conflict = undefined;
    this.dirty = true;
    this.changed();
    return this.flush();
  }

  /** Conflict resolved by taking the other version: this tab's unsaved edits are dropped. */
  takeTheirs(): void {
    if (!this.conflict) return;
    this.base = this.conflict.theirs;
    this.working = this.conflict.theirs;
    this.conflict = undefined;
    this.dirty = false;
    this.changed();
  }

  private changed(): void {
    this.options.onChange?.(this);
  }

  private schedule(): void {
    this.cancelTimer();
    const set = this.options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.timer = set(() => {
      this.timer = undefined;
      this.kick();
    }, this.options.delayMs ?? 0);
  }

  private cancelTimer(): void {
    if (this.timer === undefined) return;
    (this.options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>)))(this.timer);
    this.timer = undefined;
  }

  private kick(): void {
    if (this.inFlight || this.conflict || !this.dirty) return;
    this.cancelTimer();
    this.inFlight = this.drain().finally(() => {
      this.inFlight = undefined;
      this.changed();
    });
    this.changed();
  }

  private async drain(): Promise<void> {
    while (this.dirty && !this.conflict) {
      this.dirty = false;
      const sent = this.working;
      try {
        const saved = await this.options.send(sent, this.base.version);
        this.base = saved;
        // Nothing typed meanwhile: the server's copy is the document. Otherwise keep the newer
        // local copy; the loop sends it next, based on the version just returned.
        if (!this.dirty) this.working = saved;
        else this.working = { ...this.working, version: saved.version };
      } catch (error) {
        this.dirty = true;
        if (error instanceof VersionConflict) {
          try {
            this.conflict = { mine: this.working, theirs: await this.options.fetchLatest(sent.id) };
          } catch (fetchError) {
            this.failure = fetchError instanceof Error ? fetchError : new Error(String(fetchError));
          }
        } else {
          this.failure = error instanceof Error ? error : new Error(String(error));
        }
        return;
      }
    }
  }
}
