import fs from 'node:fs';
import { createDb } from '../../server/db/driver';
import { fulltextSearch, substringSearch } from '../../server/queries/explore';
import { toLuceneQuery } from '../../server/search-text';
import { generateFromSeed } from '../../graph-seed/synthetic-cli';
import { buildWorkload } from '../workload';
const db = createDb({ uri: fs.readFileSync('/tmp/syn/uri', 'utf8'), user: 'neo4j', password: '', database: 'neo4j', queryTimeoutMs: 60000 });
const w = buildWorkload(generateFromSeed({ nodes: 100000, seed: 1 }), 2, 80);
const variants = {
  // server/routes/explore.ts today: substring scan whenever the index found fewer than `limit`.
  current: async (q: string) => { const l = toLuceneQuery(q); const r = l ? await fulltextSearch(db, l, [], 20) : []; const extra = r.length < 20 ? await substringSearch(db, q, [], 20) : []; return r.length + extra.length; },
  // Proposed: the scan only when the index cannot answer (no Lucene clause) or found nothing.
  fallbackOnEmpty: async (q: string) => { const l = toLuceneQuery(q); const r = l ? await fulltextSearch(db, l, [], 20) : []; const extra = r.length === 0 ? await substringSearch(db, q, [], 20) : []; return r.length + extra.length; },
};
for (const [name, fn] of Object.entries(variants)) {
  const times: number[] = []; let scans = 0; let empty = 0;
  for (const round of [0, 1]) for (const q of w.terms) { const s = performance.now(); const n = await fn(q); if (round) { times.push(performance.now() - s); if (!n) empty++; } }
  times.sort((a, b) => a - b);
  console.log(name.padEnd(16), 'p50', times[Math.floor(times.length / 2)]!.toFixed(1), 'p99', times[Math.ceil(times.length * 0.99) - 1]!.toFixed(1), 'ms; terms with no result', empty, scans);
}
await db.close();
