// The one module that creates a neo4j-driver Driver. Everything else borrows sessions through Db.
import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver';

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

export class Db {
  readonly driver: Driver;

  constructor(readonly options: DbOptions) {
    // Embedded Neo4j runs without auth; an empty password means "no auth" for external ones too.
    const auth = options.password ? neo4j.auth.basic(options.user, options.password) : undefined;
    this.driver = neo4j.driver(options.uri, auth, {
      // Fail fast when the database is down so requests answer 503 quickly instead of hanging.
      connectionTimeout: 1500,
      connectionAcquisitionTimeout: 5000,
      // Retries cover a leader switch on a cluster; longer would delay the 503 when Neo4j is down.
      maxTransactionRetryTime: 300,
      userAgent: 'qingdao-kg-explorer',
    });
  }

  get uri(): string {
    return this.options.uri;
  }

  /** Runs `work` in a READ transaction (routed to readers on a cluster) with a timeout. */
  async read<T>(work: (tx: ManagedTransaction) => Promise<T>, options: TxOptions = {}): Promise<T> {
    const session = this.driver.session({
      database: this.options.database,
      defaultAccessMode: neo4j.session.READ,
    });
    try {
      return await session.executeRead(work, { timeout: options.timeoutMs ?? this.options.queryTimeoutMs });
    } finally {
      await session.close();
    }
  }

  /** Runs `work` in one WRITE transaction: all of it commits, or none of it. */
  async write<T>(work: (tx: ManagedTransaction) => Promise<T>, options: TxOptions = {}): Promise<T> {
    const session = this.driver.session({
      database: this.options.database,
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
    await this.driver.verifyConnectivity({ database: this.options.database });
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}

export const createDb = (options: DbOptions): Db => new Db(options);
