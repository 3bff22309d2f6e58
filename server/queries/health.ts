// The read behind /api/health: which Neo4j answers, and its version and edition.
import type { HealthBody } from '../../contract/types';
import type { Db } from '../db/driver';

export async function serverComponents(
  db: Db,
  timeoutMs: number,
): Promise<Pick<HealthBody['neo4j'], 'version' | 'edition'>> {
  return db.read(
    async (tx) => {
      const result = await tx.run(
        "CALL dbms.components() YIELD name, versions, edition WHERE name = 'Neo4j Kernel' RETURN versions[0] AS version, edition",
      );
      const record = result.records[0];
      return { version: record?.get('version') as string, edition: record?.get('edition') as string };
    },
    { timeoutMs },
  );
}
