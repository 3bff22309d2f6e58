// The import benchmark's naive baseline: one statement in one transaction per row, to measure the
// batched loader against. Only the benchmark runs it, so it lives here and not in server/queries.
import type { Db } from '../server/db/driver';
import type { EntityRow, FigureRow, RelationshipRow, SourceDocumentRow } from '../server/queries/dataset';
import { labelIdentifier, relTypeIdentifier } from '../server/queries/identifiers';

export async function createEntityAlone(db: Db, label: string, row: EntityRow): Promise<void> {
  await db.write((tx) =>
    tx.run(`CREATE (n:Entity:${labelIdentifier(label)}) SET n = $props`, { props: row.props }),
  );
}

export async function createFigureAlone(db: Db, row: FigureRow): Promise<void> {
  await db.write((tx) =>
    tx.run('MATCH (n:Entity {id: $entityId}) CREATE (n)-[:HAS_FIGURE]->(f:Figure) SET f = $props', {
      entityId: row.entityId,
      props: row.props,
    }),
  );
}

export async function createRelationshipAlone(db: Db, type: string, row: RelationshipRow): Promise<void> {
  await db.write((tx) =>
    tx.run(
      `MATCH (a:Entity {id: $source}) MATCH (b:Entity {id: $target})
       CREATE (a)-[r:${relTypeIdentifier(type)}]->(b) SET r = $props`,
      { source: row.source, target: row.target, props: row.props },
    ),
  );
}

export async function createSourceDocumentAlone(db: Db, row: SourceDocumentRow): Promise<void> {
  await db.write((tx) => tx.run('CREATE (s:SourceDocument) SET s = $row', { row }));
}
