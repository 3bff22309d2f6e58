// A whole-store count for tests that check a load added or removed exactly what it should, across
// every dataset; no endpoint needs it, so it is not a server query.
import type { Db } from '../../server/db/driver';

/** Entities, relationships between them, and figures of every dataset: what a whole-store check counts. */
export async function storeTotals(
  db: Db,
): Promise<{ entities: number; relationships: number; figures: number }> {
  return db.read(async (tx) => {
    const result = await tx.run(
      `RETURN COUNT { MATCH (:Entity) } AS entities,
              COUNT { MATCH (:Entity)-[]->(:Entity) } AS relationships,
              COUNT { MATCH (:Figure) } AS figures`,
    );
    const record = result.records[0];
    return {
      entities: Number(record?.get('entities') ?? 0),
      relationships: Number(record?.get('relationships') ?? 0),
      figures: Number(record?.get('figures') ?? 0),
    };
  });
}
