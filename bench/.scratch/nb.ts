import fs from 'node:fs';
import neo4j from 'neo4j-driver';
import { createDb } from '../../server/db/driver';
import { neighbors } from '../../server/queries/explore';
const db = createDb({ uri: fs.readFileSync('/tmp/syn/uri', 'utf8'), user: 'neo4j', password: '', database: 'neo4j', queryTimeoutMs: 60000 });
const ids = await db.read(async (tx) => (await tx.run("MATCH (n:Entity {dataset: 'synthetic-100000-1'}) WITH n, rand() AS r ORDER BY r LIMIT 60 RETURN n.id AS id")).records.map((r) => r.get('id') as string));
const ORIGINAL = (depth: number) => `MATCH (n:Entity {id: $id})
       OPTIONAL CALL (n) {
         MATCH p = (n)-[rs*1..${depth}]-(m:Entity)
         WHERE m <> n
           AND all(r IN rs WHERE type(r) <> 'HAS_FIGURE' AND (size($relTypes) = 0 OR type(r) IN $relTypes))
           AND all(x IN nodes(p) WHERE x:Entity)
           AND (size($types) = 0 OR m.type IN $types)
         RETURN DISTINCT m LIMIT $scan
       }
       WITH n, collect(m) AS found
       WITH n, found[0..$limit] AS ms, size(found) > $limit AS truncated
       WITH n, [n] + ms AS members, truncated
       OPTIONAL CALL (members) {
         UNWIND members AS a
         MATCH (a)-[r]->(b:Entity)
         WHERE b IN members AND (size($relTypes) = 0 OR type(r) IN $relTypes)
         RETURN collect(r) AS rels
       }
       RETURN members, rels, truncated`;
// Rewrite: relationships among the members are found from their lighter end only. A member with
// more relationships than there are members ("heavy") is never expanded; links between two heavy
// members are found by checking those few pairs directly.
const REWRITE = (depth: number) => ORIGINAL(depth).replace(`OPTIONAL CALL (members) {
         UNWIND members AS a
         MATCH (a)-[r]->(b:Entity)
         WHERE b IN members AND (size($relTypes) = 0 OR type(r) IN $relTypes)
         RETURN collect(r) AS rels
       }`, `OPTIONAL CALL (members) {
         UNWIND members AS a
         WITH members, a, COUNT { (a)--() } > size(members) AS heavy
         WITH members, collect(CASE WHEN heavy THEN a END) AS heavies, collect(CASE WHEN NOT heavy THEN a END) AS lights
         CALL (members, lights, heavies) {
           UNWIND lights AS a
           MATCH (a)-[r]-(b:Entity)
           WHERE b IN members AND (size($relTypes) = 0 OR type(r) IN $relTypes)
           RETURN r
         UNION
           UNWIND heavies AS a
           UNWIND heavies AS b
           MATCH (a)-[r]->(b)
           WHERE b:Entity AND (size($relTypes) = 0 OR type(r) IN $relTypes)
           RETURN r
         }
         RETURN collect(DISTINCT r) AS rels
       }`);
const params = (id: string) => ({ id, types: [], relTypes: [], limit: neo4j.int(200), scan: neo4j.int(201) });
const relIds = (rels: any[]) => rels.map((r) => r.elementId).sort().join(',');
for (const depth of [1, 2]) {
  for (const [name, q] of [['original', ORIGINAL(depth)], ['rewrite', REWRITE(depth)]] as const) {
    const times: number[] = []; let hits = 0; let mismatches = 0;
    for (const round of [0, 1]) for (const id of ids) {
      const s = performance.now();
      const r = await db.read((tx) => tx.run(q, params(id)));
      if (round) times.push(performance.now() - s);
      if (round && name === 'rewrite') {
        const o = await db.read((tx) => tx.run(ORIGINAL(depth), params(id)));
        if (relIds(o.records[0]!.get('rels')) !== relIds(r.records[0]!.get('rels'))) mismatches++;
      }
    }
    const p = await db.read((tx) => tx.run(`PROFILE ${q}`, params(ids[0]!)));
    const sum = (o: any): number => o.dbHits + o.children.reduce((s: number, c: any) => s + sum(c), 0);
    hits = sum(p.summary.profile);
    times.sort((a, b) => a - b);
    console.log(`depth ${depth} ${name.padEnd(8)} p50 ${times[30]!.toFixed(1)} p90 ${times[54]!.toFixed(1)} max ${times[59]!.toFixed(1)} ms; dbHits(first id) ${hits}${name === 'rewrite' ? `; rel sets differing from original: ${mismatches}` : ''}`);
  }
}
// check neighbors() function unchanged still works
await neighbors(db, { id: ids[0]!, depth: 1, types: [], relTypes: [], limit: 200 });
await db.close();
