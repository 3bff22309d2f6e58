// A lane's second Neo4j (global-neo4j.ts starts it for the integration project, global-app.ts for the
// browser one), shared in turn by that lane's files that need a database of their own.
import { inject } from 'vitest';
import type { Db } from '../../server/db/driver';
import { testDb, type Neo4jConnection } from './neo4j';

export type ScratchNeo4j = Neo4jConnection & { stop(): Promise<void> };

/**
 * The run's scratch Neo4j (from its project's global setup), emptied as a new store is: no
 * nodes, relationships, indexes or constraints. For files that load data of their own and do not test
 * Neo4j's own start, stop or store; the files run one at a time, so one file has it at a time.
 * `stop()` stops nothing: the next file empties it again, the global teardown stops it.
 */
export async function scratchNeo4j(): Promise<ScratchNeo4j> {
  const connection = inject('scratchNeo4j');
  const db = testDb(connection);
  try {
    await emptyDatabase(db);
  } finally {
    await db.close();
  }
  return { ...connection, stop: async () => undefined };
}

async function emptyDatabase(db: Db): Promise<void> {
  // In batches, relationships first: a transaction may hold 256 MiB (db.memory.transaction.max), and a
  // hub's thousands of relationships would go with it in one DETACH DELETE.
  const inBatches = async (statement: string) => {
    for (;;) {
      const deleted = await db.write(async (tx) =>
        Number((await tx.run(statement)).records[0]?.get('deleted') ?? 0),
      );
      if (deleted === 0) return;
    }
  };
  await inBatches('MATCH ()-[r]->() WITH r LIMIT 10000 DELETE r RETURN count(*) AS deleted');
  await inBatches('MATCH (n) WITH n LIMIT 10000 DELETE n RETURN count(*) AS deleted');
  // Names come from Neo4j itself; the two lookup indexes every new store has stay.
  const schema = await db.read(async (tx) => {
    const constraints = await tx.run('SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names');
    const indexes = await tx.run(
      "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN collect(name) AS names",
    );
    return {
      constraints: constraints.records[0]!.get('names') as string[],
      indexes: indexes.records[0]!.get('names') as string[],
    };
  });
  const quoted = (name: string) => `\`${name.replaceAll('`', '``')}\``;
  for (const name of schema.constraints)
    await db.write((tx) => tx.run(`DROP CONSTRAINT ${quoted(name)} IF EXISTS`));
  for (const name of schema.indexes) await db.write((tx) => tx.run(`DROP INDEX ${quoted(name)} IF EXISTS`));
}
