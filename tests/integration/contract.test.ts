// The API contract, checked from the outside: /api/openapi.json is a valid OpenAPI 3.1 document,
// every route the Express app has is in it, and a property-based run drives every operation with
// requests generated from the document itself (parameters and bodies from their JSON Schemas)
// against the real app and seeded Neo4j. Each answer must have a status the document lists for that
// operation and a body that validates against the schema documented for that status; a request the
// document calls valid is never refused 400 unless for a reason the document states in prose
// (an entity type that is not loaded, a window whose start is after its end, Cypher text that is
// not a valid read query).
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../server/app';
import type { Db } from '../../server/db/driver';
import { startTestApp, testConfig, testDb } from '../helpers/neo4j';

/** Generated requests per operation. */
const RUNS = 25;

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  'x-unique-by'?: string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
};

interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: Schema;
}
interface DocOperation {
  operationId: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { content: { 'application/json': { schema: Schema } } };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface Doc {
  openapi: string;
  paths: Record<string, Record<string, DocOperation>>;
}

let db: Db;
let app: Awaited<ReturnType<typeof startTestApp>>;
let doc: Doc;
let knownEntityIds: string[] = [];
let knownArticleIds: string[] = [];
let knownTypes: string[] = [];
let knownRelTypes: string[] = [];
/** Records the run creates (stories, views, notes): later requests use their ids, afterAll deletes them. */
const created: Record<'stories' | 'views' | 'notes', string[]> = { stories: [], views: [], notes: [] };
const statuses: Record<string, Record<number, number>> = {};

const ajv = new Ajv2020({ strict: true, allErrors: false });
addFormats(ajv);
ajv.addKeyword({ keyword: 'x-unique-by' });
ajv.addKeyword({ keyword: 'example' });
const validators = new Map<Schema, ValidateFunction>();
const validatorFor = (schema: Schema) => {
  let validate = validators.get(schema);
  if (!validate) validators.set(schema, (validate = ajv.compile(schema)));
  return validate;
};

beforeAll(async () => {
  const neo4j = inject('neo4j');
  const config = testConfig(neo4j, {
    RATE_LIMIT_PER_MINUTE: '0',
    QUERY_TIMEOUT_MS: '30000',
    CONSOLE_ROW_LIMIT: '50',
  });
  db = testDb(neo4j, config);
  app = await startTestApp(db, config);
  doc = (await (await fetch(`${app.baseUrl}/api/openapi.json`)).json()) as Doc;
  const overview = (await (await fetch(`${app.baseUrl}/api/graph?limit=60`)).json()) as {
    elements: { nodes: { data: { id: string; type: string } }[] };
  };
  knownEntityIds = overview.elements.nodes.map((n) => n.data.id);
  const schema = (await (await fetch(`${app.baseUrl}/api/schema`)).json()) as {
    labels: { label: string }[];
    relationshipTypes: { type: string }[];
  };
  knownTypes = schema.labels.map((l) => l.label);
  knownRelTypes = schema.relationshipTypes.map((r) => r.type);
  const sources = (await (
    await fetch(`${app.baseUrl}/api/sources?ids=${knownEntityIds.slice(0, 20).join(',')}`)
  ).json()) as { sources: Record<string, { articleId: string }[]> };
  knownArticleIds = [...new Set(Object.values(sources.sources).flatMap((s) => s.map((x) => x.articleId)))];
  expect(knownArticleIds.length).toBeGreaterThan(0);
});

afterAll(async () => {
  for (const [kind, ids] of Object.entries(created)) {
    for (const id of ids) await fetch(`${app.baseUrl}/api/${kind}/${id}`, { method: 'DELETE' });
  }
  await app?.close();
  await db?.close();
  console.log(`[figure] contract run statuses per operation ${JSON.stringify(statuses)}`);
});

// ---- JSON Schema → fast-check ------------------------------------------------------------------

const MAX_ARRAY = 3;
const SHORT_STRING = 24;

/** Words analysts type, so strings are not only random ASCII. */
const WORDS = ['青岛', '西海岸新区', '自贸片区', 'Qingdao', 'FTZ', 'park', '园区', ' '];

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? SHORT_STRING, Math.max(min, SHORT_STRING));
  const fits = (s: string) => s.length >= min && s.length <= (schema.maxLength ?? Infinity);
  if (schema.format === 'date') {
    return fc
      .date({
        min: new Date('1990-01-01T00:00:00Z'),
        max: new Date('2040-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
  }
  if (schema.pattern) {
    return fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
  }
  return fc.oneof(fc.string({ minLength: min, maxLength: max }), fc.constantFrom(...WORDS)).filter(fits);
}

function arbitraryFor(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => arbitraryFor(s, depth)));
  if (Array.isArray(schema.type)) {
    return fc.oneof(...schema.type.map((type) => arbitraryFor({ ...schema, type }, depth)));
  }
  switch (schema.type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return fc.integer({
        min: schema.minimum ?? -1000,
        max: Math.min(schema.maximum ?? 1000, (schema.minimum ?? 0) + 10_000),
      });
    case 'number': {
      const min = schema.minimum ?? schema.exclusiveMinimum ?? -1e6;
      const max = schema.maximum ?? schema.exclusiveMaximum ?? 1e6;
      return fc
        .double({ min, max, noNaN: true, noDefaultInfinity: true })
        .filter(
          (n) =>
            (schema.exclusiveMinimum === undefined || n > schema.exclusiveMinimum) &&
            (schema.exclusiveMaximum === undefined || n < schema.exclusiveMaximum),
        );
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = schema.items ? arbitraryFor(schema.items, depth + 1) : fc.jsonValue({ maxDepth: 1 });
      const constraints = {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? MAX_ARRAY, MAX_ARRAY)),
      };
      const key = schema['x-unique-by'];
      if (key)
        return fc.uniqueArray(items, {
          ...constraints,
          selector: (v) => (v as Record<string, unknown>)[key],
        });
      if (schema.uniqueItems) return fc.uniqueArray(items, constraints);
      return fc.array(items, constraints);
    }
    case 'object': {
      const properties = schema.properties ?? {};
      if (Object.keys(properties).length === 0) {
        // A free-form map (the console's params): a few small JSON values.
        return fc.dictionary(fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,8}$/), fc.jsonValue({ maxDepth: 2 }), {
          maxKeys: 3,
        });
      }
      return fc.record(
        Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, arbitraryFor(s, depth + 1)])),
        { requiredKeys: schema.required ?? [] },
      );
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

// ---- requests from the document -----------------------------------------------------------------

interface GeneratedRequest {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body?: unknown;
}

/** Values the data gives meaning to, mixed in with the schema's own so answers are not all 404s. */
function parameterArbitrary(operationId: string, p: Parameter): fc.Arbitrary<unknown> {
  const fromSchema = arbitraryFor(p.schema);
  const known = (values: string[]) =>
    values.length ? fc.oneof(fc.constantFrom(...values), fromSchema) : fromSchema;
  const knownList = (values: string[], min = 0, max = 3) =>
    fc.oneof(fc.uniqueArray(fc.constantFrom(...values), { minLength: min, maxLength: max }), fromSchema);
  if (p.name === 'id' && p.in === 'path') {
    if (/Story/.test(operationId)) return known(created.stories);
    if (/View/.test(operationId)) return known(created.views);
    if (/Note/.test(operationId)) return known(created.notes);
    if (operationId === 'getArticle') return known(knownArticleIds);
    return known(knownEntityIds);
  }
  if (['from', 'to', 'entityId'].includes(p.name) && p.schema.type === 'string' && !p.schema.format)
    return known(knownEntityIds);
  if (p.name === 'ids') {
    const min = p.schema.minItems ?? 0;
    return knownList(knownEntityIds, Math.max(min, 1), Math.min(p.schema.maxItems ?? 3, Math.max(min, 3)));
  }
  if (p.name === 'types') return knownList(knownTypes);
  if (p.name === 'relTypes') return knownList(knownRelTypes);
  return fromSchema;
}

const READ_QUERIES = [
  'MATCH (n:Entity) RETURN n.name AS name LIMIT 5',
  'MATCH (a)-[r]->(b) RETURN a, r, b LIMIT 10',
  'RETURN $x AS x',
  'MATCH p = (a:Entity)-[*1..2]-(b:Entity) RETURN p LIMIT 3',
];

function bodyArbitrary(operationId: string, schema: Schema): fc.Arbitrary<unknown> {
  const fromSchema = arbitraryFor(schema);
  if (operationId === 'runCypher') {
    return fc.oneof(
      fc.record({ query: fc.constantFrom(...READ_QUERIES), params: fc.constant({ x: 1 }) }),
      fromSchema,
    );
  }
  if (operationId === 'createNote') {
    return fc.oneof(
      fc.record({ entityId: fc.constantFrom(...knownEntityIds), text: fc.constantFrom('见第二段', 'check') }),
      fromSchema,
    );
  }
  if (operationId === 'updateStory' || operationId === 'updateView') {
    // Records start at version 1: send that often, so some updates are not conflicts.
    return fromSchema.chain((body) =>
      fc.oneof(fc.constant({ ...(body as object), version: 1 }), fc.constant(body)),
    );
  }
  return fromSchema;
}

function requestArbitrary(operationId: string, operation: DocOperation): fc.Arbitrary<GeneratedRequest> {
  const params = operation.parameters ?? [];
  const part = (where: 'path' | 'query') =>
    fc.record(
      Object.fromEntries(
        params.filter((p) => p.in === where).map((p) => [p.name, parameterArbitrary(operationId, p)]),
      ),
      { requiredKeys: params.filter((p) => p.in === where && p.required).map((p) => p.name) },
    );
  const body = operation.requestBody?.content['application/json'].schema;
  return fc.record({
    path: part('path'),
    query: part('query'),
    ...(body ? { body: bodyArbitrary(operationId, body) } : {}),
  }) as fc.Arbitrary<GeneratedRequest>;
}

/** Serialises parameters as the document says: path segments encoded, lists comma-separated. */
function urlOf(template: string, request: GeneratedRequest): string {
  const path = template.replace(/\{([A-Za-z_]+)\}/g, (_, name: string) =>
    encodeURIComponent(String(request.path[name])),
  );
  const query = new URLSearchParams(
    Object.entries(request.query)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]),
  ).toString();
  return query ? `${path}?${query}` : path;
}

/** 400 answers that a schema-valid request may still get, for reasons the document states in prose. */
function expectedRefusal(operationId: string, request: GeneratedRequest, code: string): boolean {
  const listed = (name: string, known: string[]) =>
    Array.isArray(request.query[name]) && (request.query[name] as string[]).some((t) => !known.includes(t));
  if (code === 'UNKNOWN_TYPE') return listed('types', knownTypes) || listed('relTypes', knownRelTypes);
  if (operationId === 'getTimeline') {
    const { from, to } = request.query as { from?: string; to?: string };
    return code === 'BAD_REQUEST' && !!from && !!to && from > to;
  }
  if (operationId === 'runCypher') {
    const query = (request.body as { query?: string }).query ?? '';
    return ['QUERY_REFUSED', 'CYPHER_ERROR'].includes(code) && !READ_QUERIES.includes(query);
  }
  return false;
}

async function send(method: string, template: string, operationId: string, request: GeneratedRequest) {
  const url = `${app.baseUrl}${urlOf(template, request)}`;
  const init: RequestInit = { method: method.toUpperCase() };
  if (request.body !== undefined) {
    init.headers = { 'content-type': 'application/json' };
    init.body = JSON.stringify(request.body);
  }
  const res = await fetch(url, init);
  const text = await res.text();
  (statuses[operationId] ??= {})[res.status] = (statuses[operationId]![res.status] ?? 0) + 1;
  return { res, text, url };
}

// ---- the tests ------------------------------------------------------------------------------------

describe('the OpenAPI document', () => {
  it('validates as OpenAPI 3.1 with @seriousme/openapi-schema-validator', async () => {
    const validator = new Validator();
    const result = await validator.validate(
      structuredClone(doc) as unknown as Parameters<Validator['validate']>[0],
    );
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    // The validator does look inside: a parameter without `in` is not a valid document.
    const broken = structuredClone(doc);
    delete (broken.paths['/api/search']!.get!.parameters![0] as Partial<Parameter>).in;
    expect(
      (await new Validator().validate(broken as unknown as Parameters<Validator['validate']>[0])).valid,
    ).toBe(false);
  });

  it('lists every route the Express app has, with the same methods', () => {
    type Layer = {
      route?: { path: unknown; methods: Record<string, boolean> };
      handle?: { stack?: Layer[] };
    };
    const routes = new Set<string>();
    const visit = (layers: Layer[]) => {
      for (const layer of layers) {
        if (layer.route && typeof layer.route.path === 'string') {
          for (const [m, on] of Object.entries(layer.route.methods))
            if (on) routes.add(`${m} ${layer.route.path}`);
        } else if (layer.handle?.stack) visit(layer.handle.stack);
      }
    };
    const express = createApp({ config: testConfig(inject('neo4j')), db }) as unknown as {
      router: { stack: Layer[] };
    };
    visit(express.router.stack);
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m} ${path.replace(/^\/api/, '').replace(/\{([A-Za-z_]+)\}/g, ':$1')}`),
      ),
    );
    expect(routes.size).toBeGreaterThanOrEqual(34);
    expect([...routes].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => !routes.has(r))).toEqual([]);
  });

  it('gives every parameter and body the bounds the server enforces', () => {
    const search = doc.paths['/api/search']!.get!;
    const limit = search.parameters!.find((p) => p.name === 'limit')!.schema;
    expect(limit).toMatchObject({ type: 'integer', minimum: 1, maximum: 100, default: 20 });
    const compareIds = doc.paths['/api/compare']!.get!.parameters!.find((p) => p.name === 'ids')!;
    expect(compareIds).toMatchObject({
      style: 'form',
      explode: false,
      schema: { type: 'array', minItems: 2, maxItems: 6 },
    });
    const maxLength = doc.paths['/api/paths']!.get!.parameters!.find((p) => p.name === 'maxLength')!.schema;
    expect(maxLength).toMatchObject({ minimum: 1, maximum: 6 });
    const from = doc.paths['/api/timeline']!.get!.parameters!.find((p) => p.name === 'from')!.schema;
    expect(from).toMatchObject({ type: 'string', format: 'date' });
    const put = doc.paths['/api/stories/{id}']!.put as DocOperation & { security?: unknown[] };
    expect(put.security).toEqual([{}, { explorerToken: [] }]);
    expect(Object.keys(put.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '404', '409', '413', '429', '431', '503']),
    );
  });
});

describe('every operation, driven from the document', () => {
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, operation]) => ({ path, method, operation })),
    );

  it('answers each generated request with a documented status and a body of the documented schema', async () => {
    // Creations first, so later operations on stories, views and notes find real ids too.
    const order = (m: string) => (m === 'post' ? 0 : m === 'delete' ? 2 : 1);
    // The sources and facts rooms write the knowledge graph itself, which the other files sharing
    // this database read: tests/integration/sources.test.ts drives them on a database of its own.
    const ownDatabase = (o: { operation: DocOperation }) =>
      (o.operation.tags ?? []).some((t) => t === 'sources' || t === 'facts');
    const all = operations()
      .filter((o) => !ownDatabase(o))
      .sort((a, b) => order(a.method) - order(b.method));
    expect(all.length).toBe(35);
    expect(operations().filter(ownDatabase).length).toBe(20);
    for (const { path, method, operation } of all) {
      await fc.assert(
        fc.asyncProperty(requestArbitrary(operation.operationId, operation), async (request) => {
          const { res, text, url } = await send(method, path, operation.operationId, request);
          const where = `${operation.operationId} ${method.toUpperCase()} ${url} ${JSON.stringify(request.body ?? '').slice(0, 300)} → ${res.status} ${text.slice(0, 400)}`;
          const documented = operation.responses[String(res.status)];
          expect(documented, `undocumented status: ${where}`).toBeDefined();
          expect(res.status, `server error: ${where}`).not.toBe(500);
          if (res.status === 204) {
            expect(text).toBe('');
            return;
          }
          const [contentType, media] = Object.entries(documented!.content ?? {})[0] ?? [];
          expect(res.headers.get('content-type') ?? '', where).toContain(contentType ?? 'application/json');
          if (contentType !== 'application/json') return;
          const body: unknown = JSON.parse(text);
          const validate = validatorFor(media!.schema!);
          expect(
            validate(body) ? [] : validate.errors,
            `body outside the documented schema: ${where}`,
          ).toEqual([]);
          if (res.status === 400) {
            const code = (body as { error: { code: string } }).error.code;
            expect(
              expectedRefusal(operation.operationId, request, code),
              `schema-valid request refused: ${where}`,
            ).toBe(true);
          }
          if (res.status === 201) {
            const record = body as { story?: { id: string }; note?: { id: string }; id?: string };
            if (record.story) created.stories.push(record.story.id);
            else if (record.note) created.notes.push(record.note.id);
            else if (record.id) created.views.push(record.id);
          }
        }),
        { numRuns: RUNS },
      );
    }
    // The run reached past validation: real answers for every operation, not only refusals.
    for (const { operation } of all) {
      const seen = Object.keys(statuses[operation.operationId] ?? {}).map(Number);
      expect(
        seen.some((s) => s < 300),
        `${operation.operationId} never succeeded: ${JSON.stringify(seen)}`,
      ).toBe(true);
    }
    // A cap for a hung run, not a speed bound: ~850 requests take ~30 s quiet, minutes on a busy machine.
  }, 900_000);
});
