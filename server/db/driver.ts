// The one module that creates a neo4j-driver Driver. Everything else borrows sessions through Db.
// The driver can be replaced (reconnect) when the embedded Neo4j is restarted with a new password
// or port; callers hold the Db, never the driver, so they follow without knowing.
import neo4j, { type Driver, type ManagedTransaction, type Transaction } from 'neo4j-driver';

export interface DbOptions {
  uri: string;
  user: string;
  password: string;
  database: string;
  /** Default timeout for every read transaction. */
  queryTimeoutMs: number;
}

export interface TxOptions {
  timeoutMs?: number;
}

function openDriver(options: DbOptions): Driver {
  // An empty password means "no auth" (an external Neo4j run with auth off; the embedded one never is).
  const auth = options.password ? neo4j.auth.basic(options.user, options.password) : undefined;
  return neo4j.driver(options.uri, auth, {
    // Fail fast when the database is down so requests answer 503 quickly instead of hanging.
    connectionTimeout: 1500,
    connectionAcquisitionTimeout: 5000,
    // Retries cover a leader switch on a cluster; longer would delay the 503 when Neo4j is down.
    maxTransactionRetryTime: 300,
    userAgent: 'qingdao-kg-explorer',
  });
}

/** Thrown by `Db.readUntil` when the deadline passes before Neo4j answers. */
export class DeadlineExceeded extends Error {
  /** Resolves when the abandoned transaction is over on the server and its connection is free. */
  settled: Promise<void> = Promise.resolve();

  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'DeadlineExceeded';
  }
}

export class Db {
  private driver: Driver;
  private current: DbOptions;

  constructor(options: DbOptions) {
    this.current = { ...options };
    this.driver = openDriver(this.current);
  }

  get options(): Readonly<DbOptions> {
    return this.current;
  }

  get uri(): string {
    return this.current.uri;
  }

  /**
   * Points the Db at a (restarted) server: new sessions use the new driver at once; the old
   * driver's connections are closed in the background (they belong to a dead server anyway).
   */
  reconnect(changes: Pick<DbOptions, 'uri' | 'password'>): void {
    const old = this.driver;
    this.current = { ...this.current, ...changes };
    this.driver = openDriver(this.current);
    // Not closed at once: a session of the old driver that is still acquiring its connection would
    // never settle (one request hung for 300 s that way). Given time, its work fails or finishes.
    this.retired.add(old);
    setTimeout(() => void this.retire(old), RETIRE_AFTER_MS).unref();
  }

  private readonly retired = new Set<Driver>();

  private async retire(driver: Driver): Promise<void> {
    if (!this.retired.delete(driver)) return;
    await driver.close().catch(() => undefined);
  }

  /**
   * Runs `work` in an explicit READ transaction that is abandoned at `deadlineMs` even if Neo4j
   * never checks its own timeout (some expressions run to the end before they look): the caller
   * gets DeadlineExceeded at the deadline, the transaction is marked terminated on the server
   * (TERMINATE TRANSACTION from a second session) and the connection carrying it is closed rather
   * than returned to the pool. No retries: a console query is the analyst's, not ours to repeat.
   */
  async readUntil<T>(
    work: (tx: Transaction) => Promise<T>,
    options: { timeoutMs: number; deadlineMs: number },
  ): Promise<T> {
    const driver = this.driver;
    const session = driver.session({
      database: this.current.database,
      defaultAccessMode: neo4j.session.READ,
    });
    const marker = `console-${process.pid}-${++consoleSequence}`;
    const tx = session.beginTransaction({ timeout: options.timeoutMs, metadata: { app: marker } });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new DeadlineExceeded(options.deadlineMs)), options.deadlineMs);
    });
    const running = (async () => {
      try {
        const value = await work(tx);
        await tx.commit();
        return value;
      } finally {
        if (tx.isOpen()) await tx.rollback().catch(() => undefined);
      }
    })();
    try {
      return await Promise.race([running, deadline]);
    } catch (error) {
      if (error instanceof DeadlineExceeded) {
        error.settled = running.then(
          () => undefined,
          () => undefined,
        );
        await this.terminateByMarker(marker).catch(() => undefined);
      }
      throw error;
    } finally {
      clearTimeout(timer);
      // After a deadline the session still waits for the server; closing it in the background
      // frees this request now, and the terminate above makes the server stop at its next check.
      void running.catch(() => undefined).finally(() => void session.close().catch(() => undefined));
    }
  }

  /** Marks running transactions tagged with `marker` as terminated (the analyst's own only). */
  private async terminateByMarker(marker: string): Promise<void> {
    const session = this.driver.session({ database: this.current.database });
    try {
      const found = await session.run(
        'SHOW TRANSACTIONS YIELD transactionId, metaData WHERE metaData.app = $marker RETURN transactionId',
        { marker },
        { timeout: 2000 },
      );
      const ids = found.records.map((r) => r.get('transactionId') as string);
      if (ids.length) await session.run('TERMINATE TRANSACTIONS $ids', { ids }, { timeout: 2000 });
    } finally {
      await session.close();
    }
  }

  /** Runs `work` in a READ transaction (routed to readers on a cluster) with a timeout. */
  async read<T>(work: (tx: ManagedTransaction) => Promise<T>, options: TxOptions = {}): Promise<T> {
    const session = this.driver.session({
      database: this.current.database,
      defaultAccessMode: neo4j.session.READ,
    });
    try {
      return await session.executeRead(work, { timeout: options.timeoutMs ?? this.current.queryTimeoutMs });
    } finally {
      await session.close();
    }
  }

  /** Runs `work` in one WRITE transaction: all of it commits, or none of it. */
  async write<T>(work: (tx: ManagedTransaction) => Promise<T>, options: TxOptions = {}): Promise<T> {
    const session = this.driver.session({
      database: this.current.database,
      defaultAccessMode: neo4j.session.WRITE,
    });
    try {
      return await session.executeWrite(
        work,
        options.timeoutMs === undefined ? undefined : { timeout: options.timeoutMs },
      );
    } finally {
      await session.close();
    }
  }

  async verifyConnectivity(): Promise<void> {
    await this.driver.verifyConnectivity({ database: this.current.database });
  }

  async close(): Promise<void> {
    await Promise.all([...this.retired].map((driver) => this.retire(driver)));
    await this.driver.close();
  }
}

let consoleSequence = 0;
/** How long a replaced driver keeps serving the sessions it already has. */
const RETIRE_AFTER_MS = 30_000;

export const createDb = (options: DbOptions): Db => new Db(options);
