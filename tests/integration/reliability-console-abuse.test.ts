// The console abuse list of tests/integration/api.test.ts, extended: Unicode look-alikes, comment
// tricks, procedure names in odd case and backticks, admin procedures, very long queries and
// parameter injection. Every attempt is refused with a 4xx (or, for parameters, treated as data),
// and the graph is unchanged. Then a runaway cartesian product is cut at QUERY_TIMEOUT_MS while
// /api/health keeps answering.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Db } from '../../server/db/driver';
import { startTestApp, testConfig, testDb } from '../helpers/neo4j';

const QUERY_TIMEOUT_MS = 2500;
let db: Db;
let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  const neo4j = inject('neo4j');
  const config = testConfig(neo4j, {
    QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
    CONSOLE_ROW_LIMIT: '50',
    RATE_LIMIT_PER_MINUTE: '0',
  });
  db = testDb(neo4j, config);
  app = await startTestApp(db, config);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

interface Answer {
  status: number;
  ms: number;
  body: { rows?: unknown[][]; error?: { code: string; message: string; reason?: string } };
}
async function cypher(query: string, params: Record<string, unknown> = {}): Promise<Answer> {
  const started = Date.now();
  const res = await fetch(`${app.baseUrl}/api/cypher`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, params }),
  });
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  return { status: res.status, body: (await res.json()) as Answer['body'], ms: Date.now() - started };
}

/** Everything a write could change: counts, labels, property keys, indexes and constraints. */
const fingerprint = () =>
  db.read(async (tx) => {
    const counts = await tx.run(
      'MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS n, count(r) AS r, collect(DISTINCT labels(n)) AS l',
    );
    const keys = await tx.run('CALL db.propertyKeys() YIELD propertyKey RETURN collect(propertyKey) AS k');
    const indexes = await tx.run('SHOW INDEXES YIELD name RETURN collect(name) AS i');
    const constraints = await tx.run('SHOW CONSTRAINTS YIELD name RETURN collect(name) AS c');
    const hacked = await tx.run(
      "MATCH (n) WHERE n.hacked IS NOT NULL OR 'Hacked' IN labels(n) RETURN count(n) AS h",
    );
    const record = counts.records[0]!;
    return {
      nodes: Number(record.get('n')),
      relationships: Number(record.get('r')),
      labels: (record.get('l') as string[][]).map((l) => l.join(':')).sort(),
      propertyKeys: (keys.records[0]!.get('k') as string[]).sort(),
      indexes: (indexes.records[0]!.get('i') as string[]).sort(),
      constraints: (constraints.records[0]!.get('c') as string[]).sort(),
      hacked: Number(hacked.records[0]!.get('h')),
    };
  });

const long = (n: number, unit: string) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

// [name, query]: each must be refused with a 4xx.
const REFUSED: [string, string][] = [
  // Unicode look-alikes: never a keyword to Neo4j, so at worst a syntax error; never a write.
  ['fullwidth CREATE', 'ＣＲＥＡＴＥ (n:Hacked) RETURN n'],
  ['fullwidth DETACH DELETE', 'MATCH (n) ＤＥＴＡＣＨ ＤＥＬＥＴＥ n'],
  ['Greek epsilon in DELETE', 'MATCH (n) DΕLETE n'],
  ['Cyrillic es in CREATE', 'СREATE (n:Hacked)'],
  ['Cyrillic in a procedure name', "CALL db.сreateLabel('Hacked')"],
  ['zero-width joiner inside CREATE', 'MATCH (n) CRE\u200dATE (m:Hacked)'],
  ['word joiner inside DELETE', 'MATCH (n) DE\u2060LETE n'],
  ['right-to-left override', 'MATCH (n) \u202eETELED n'],
  ['line separator before a write', 'MATCH (n)\u2028DELETE n'],
  ['byte order mark before a write', '\ufeffCREATE (n:Hacked)'],
  ['NUL byte', 'MATCH (n) RETURN n\u0000; CREATE (m:Hacked)'],
  ['no-break space around CALL', "MATCH (n) WITH n LIMIT 1 CALL\u00a0db.createLabel('Hacked') RETURN 1"],
  // Comment tricks
  ['a write glued to comments', 'MATCH (n)/**/DETACH/**/DELETE/**/n'],
  ['a write after a comment that looks like a read', '/* RETURN 1 */ CREATE (n:Hacked)'],
  ['a write after a comment that contains a quote', "MATCH (n) /* ' */ SET n.hacked = true /* ' */"],
  ['a string that hides a comment opener', "RETURN '/*' AS a, 1 AS b CREATE (n:Hacked) RETURN '*/'"],
  ['a line comment ending in a carriage return', 'MATCH (n) // read only\rSET n.hacked = true'],
  ['an unterminated comment swallowing the rest', 'CREATE (n:Hacked) /* RETURN 1'],
  ['an escaped quote in a string before a write', "RETURN 'it\\'s' AS a CREATE (n:Hacked)"],
  ['a backslash at the end of a string before a write', "RETURN 'a\\\\' AS a CREATE (n:Hacked) //'"],
  ['a write hidden after a semicolon in a comment', 'MATCH (n) RETURN n /* ; */ ; DETACH DELETE n'],
  // Procedures in odd case, with backticks and spaces
  ['dbms.setConfigValue', "CALL dbms.setConfigValue('db.transaction.timeout', '0')"],
  ['dbms.setConfigValue in upper case', "CALL DBMS.SETCONFIGVALUE('db.transaction.timeout', '0')"],
  ['a write procedure in mixed case', "CALL Db.CrEaTeLaBeL('Hacked')"],
  ['a procedure name in backticks', "CALL `db`.`createLabel`('Hacked')"],
  ['a whole procedure name in one pair of backticks', "CALL `db.createLabel`('Hacked')"],
  ['a procedure name with spaces around the dots', "CALL db . createLabel ('Hacked')"],
  ['a procedure name split by a comment', "CALL db./**/createLabel('Hacked')"],
  ['a procedure name after a newline and a tab', "CALL\n\tdb.createProperty('hacked')"],
  [
    'CALL db.index.fulltext.createNodeIndex',
    "CALL db.index.fulltext.createNodeIndex('hacked', ['Entity'], ['name'])",
  ],
  ['CALL db.index.fulltext.drop', "CALL db.index.fulltext.drop('entity_search')"],
  ['CALL db.createIndex', "CALL db.createIndex('hacked', ['Entity'], ['nameEn'], 'range-1.0')"],
  ['CALL db.clearQueryCaches', 'CALL db.clearQueryCaches()'],
  ['CALL db.awaitIndexes', 'CALL db.awaitIndexes(1000)'],
  ['CALL dbms.killConnections', "CALL dbms.killConnections(['bolt-1'])"],
  ['CALL dbms.security.createUser', "CALL dbms.security.createUser('hacker', 'x', false)"],
  ['CALL tx.setMetaData', 'CALL tx.setMetaData({hacked: true})'],
  ['CALL apoc.cypher.runWrite', "CALL apoc.cypher.runWrite('CREATE (n:Hacked)', {})"],
  ['CALL apoc.periodic.iterate', "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})"],
  ['CALL apoc.create.node in odd case', "CALL APOC.Create.Node(['Hacked'], {})"],
  ['an apoc function', "RETURN apoc.cypher.runFirstColumnSingle('CREATE (n:Hacked) RETURN n', {}) AS x"],
  [
    'a write procedure after an allowed one',
    "CALL db.labels() YIELD label CALL db.createLabel(label + 'X') RETURN 1",
  ],
  ['a procedure as a parameter', 'CALL $proc'],
  // Admin commands, clauses and prefixes
  ['SHOW SETTINGS', 'SHOW SETTINGS'],
  ['SHOW TRANSACTIONS', 'SHOW TRANSACTIONS'],
  ['TERMINATE TRANSACTIONS', "TERMINATE TRANSACTIONS 'neo4j-transaction-1'"],
  ['STOP DATABASE', 'STOP DATABASE neo4j'],
  ['CREATE DATABASE', 'CREATE DATABASE hacked'],
  ['ALTER CURRENT USER', "ALTER CURRENT USER SET PASSWORD FROM 'a' TO 'b'"],
  ['a CYPHER prefix before a write', 'CYPHER runtime=slotted CREATE (n:Hacked)'],
  ['EXPLAIN in odd case', 'ExPlAiN MATCH (n) RETURN n'],
  ['LOAD CSV in odd case', "lOaD cSv FROM 'file:///etc/passwd' AS l RETURN l"],
  ['a label added with SET', 'MATCH (n:Entity) WITH n LIMIT 1 SET n:Hacked'],
  ['a dynamic label', "MATCH (n:Entity) WITH n LIMIT 1 SET n:$('Hacked')"],
  ['a property map merged in', 'MATCH (n:Entity) SET n += {hacked: true}'],
  ['a write in UNION', 'RETURN 1 AS x UNION CREATE (n:Hacked) RETURN 2 AS x'],
  ['a write in a scoped subquery', 'MATCH (n) CALL (n) { DETACH DELETE n } RETURN 1'],
  ['a write inside a list comprehension-like subquery', 'RETURN COUNT { CREATE (n:Hacked) } AS c'],
  // Very long queries
  ['a query past the length limit', `RETURN 1 ${long(25_000, ' ')}`],
  ['a write after a very long comment', `/* ${long(19_000, 'x')} */ CREATE (n:Hacked)`],
  ['a write after a very long line comment', `// ${long(19_000, '阳')}\nCREATE (n:Hacked)`],
  ['a write after a very long string', `RETURN '${long(19_000, 'x')}' AS s CREATE (n:Hacked)`],
  ['deeply nested parentheses', `RETURN ${long(4000, '(')}1${long(4000, ')')} CREATE (n:Hacked)`],
];

describe('console abuse, extended', () => {
  let before: Awaited<ReturnType<typeof fingerprint>>;
  beforeAll(async () => {
    before = await fingerprint();
    expect(before.hacked).toBe(0);
  });

  it.each(REFUSED)('refuses %s with a 4xx', async (_name, query) => {
    const { status, body } = await cypher(query);
    expect(status, JSON.stringify(body).slice(0, 300)).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(body.error?.code).toMatch(/^[A-Z_]+$/);
    expect(body.error?.message).toBeTruthy();
  });

  // Parameters are values: whatever they contain is data, never Cypher.
  it.each([
    [
      'a quote-breaking id',
      'MATCH (n:Entity) WHERE n.id = $id RETURN n.id',
      { id: "x' OR 1=1 CREATE (m:Hacked) //" },
    ],
    [
      'a Cypher string as a label',
      'MATCH (n:Entity) WHERE $label IN labels(n) RETURN count(n)',
      { label: 'Hacked`) CREATE (m' },
    ],
    [
      'a map that looks like an operator',
      'MATCH (n:Entity) WHERE n.id = $id RETURN n',
      { id: { $ne: null } },
    ],
    ['a query as a parameter', 'RETURN $q AS q', { q: 'MATCH (n) DETACH DELETE n' }],
    ['a huge parameter list', 'RETURN size($xs) AS n', { xs: Array.from({ length: 10_000 }, (_, i) => i) }],
    [
      'a prototype key',
      'RETURN $x AS x',
      JSON.parse('{"x": {"__proto__": {"hacked": true}}}') as Record<string, unknown>,
    ],
  ])('treats %s as data', async (_name, query, params) => {
    const { status, body } = await cypher(query, params);
    expect(status, JSON.stringify(body).slice(0, 300)).toBeLessThan(500);
    if (status === 200) expect(JSON.stringify(body)).not.toMatch(/Hacked"?\]/);
  });

  it('leaves the graph, its schema and its property keys unchanged', async () => {
    expect(await fingerprint()).toEqual(before);
  });
});

describe('a runaway query', () => {
  it(`is cut at QUERY_TIMEOUT_MS (${QUERY_TIMEOUT_MS} ms) while /api/health keeps answering`, async () => {
    // A six-way cartesian product over every node (~10^14 rows on the seed) with a filter, so no
    // count store shortcut applies and no machine finishes it: the answer can only be the timeout's.
    const runaway = cypher(
      "MATCH (a), (b), (c), (d), (e), (f) WHERE a.id + b.id + c.id + d.id + e.id + f.id = 'never' RETURN count(*) AS n",
    );
    const health: { status: number; ms: number }[] = [];
    let done = false;
    void runaway.finally(() => (done = true));
    while (!done) {
      const started = Date.now();
      const res = await fetch(`${app.baseUrl}/api/health`);
      await res.text();
      health.push({ status: res.status, ms: Date.now() - started });
      await new Promise((r) => setTimeout(r, 100));
    }
    const { status, body, ms } = await runaway;
    console.log(
      `[figure] runaway query answered ${status} after ${ms} ms (timeout ${QUERY_TIMEOUT_MS} ms); ` +
        `${health.length} health checks meanwhile, slowest ${Math.max(...health.map((h) => h.ms))} ms`,
    );
    expect(status).toBe(408);
    expect(body.error?.code).toBe('QUERY_TIMEOUT');
    // Not before the timeout (a lower bound holds on any machine); how soon after it is a figure.
    expect(ms).toBeGreaterThanOrEqual(QUERY_TIMEOUT_MS - 100);
    expect(health.length).toBeGreaterThan(0);
    expect(health.every((h) => h.status === 200)).toBe(true);
  });
});
