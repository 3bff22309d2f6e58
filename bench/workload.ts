// The API benchmark's cases, once for HTTP (what autocannon sends to the app) and once as the same
// query functions called through a bare driver (what the routes call, minus Express, validation and
// JSON), so the two sides run the same Cypher with the same parameters in the same order.
import type { Db } from '../server/db/driver';
import { runReadQuery } from '../server/queries/console';
import { Random } from '../graph-seed/random';
import type { SyntheticDataset } from '../graph-seed/synthetic';
import { entityExists, neighbors, nodeDetail, paths } from '../server/queries/explore';
import { serverComponents } from '../server/queries/health';
import { hubLinksOf } from '../server/hub-links';
import { SchemaService } from '../server/schema-service';
import { searchServiceFor } from '../server/search/service';

export const CASES = [
  'health',
  'search',
  'neighbours-1',
  'neighbours-2',
  'paths',
  'node',
  'console',
] as const;
export type CaseName = (typeof CASES)[number];
/** The stack's floor: one trivial Neo4j round trip per request. Every run measures it. */
export const FLOOR_CASE: CaseName = 'health';
// The health route's timeout for its one query (server/routes/health.ts).
const HEALTH_TIMEOUT_MS = 2000;

/** Requests rotate through these; drawn uniformly from the graph, so mostly ordinary entities and now and then a hub. */
export interface Workload {
  ids: string[];
  terms: string[];
  pairs: [string, string][];
}

// The routes' defaults (server/schemas.ts): neighbours limit 200, paths maxLength 4, shortest, limit 10.
const NEIGHBOUR_LIMIT = 200;
const PATH_MAX_LENGTH = 4;
const PATH_LIMIT = 10;
const SEARCH_LIMIT = 20;
export const CONSOLE_QUERY = 'MATCH (n:Entity {id: $id})-[r]-(m:Entity) RETURN n, r, m LIMIT 25';

export function buildWorkload(synth: SyntheticDataset, seed: number, size = 256): Workload {
  const random = new Random(seed);
  const nodes = synth.dataset.nodes;
  const pickNode = () => nodes[random.int(nodes.length)]!;
  const ids = Array.from({ length: size }, () => pickNode().id);
  // What analysts type: the start of a Chinese name, or the first two words of an English one.
  const terms = Array.from({ length: size }, (_, i) => {
    const node = pickNode();
    return i % 2 === 0 ? node.name.slice(0, 4) : node.nameEn.split(' ').slice(0, 2).join(' ');
  });
  const pairs = Array.from({ length: size }, (): [string, string] => [pickNode().id, pickNode().id]);
  return { ids, terms, pairs };
}

export interface HttpRequestSpec {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

const at = <T>(list: T[], i: number): T => list[i % list.length]!;

export function httpRequest(name: CaseName, w: Workload, i: number): HttpRequestSpec {
  const id = encodeURIComponent(at(w.ids, i));
  switch (name) {
    case 'health':
      return { method: 'GET', path: '/api/health' };
    case 'search':
      return { method: 'GET', path: `/api/search?q=${encodeURIComponent(at(w.terms, i))}` };
    case 'neighbours-1':
      return { method: 'GET', path: `/api/nodes/${id}/neighbors?depth=1` };
    case 'neighbours-2':
      return { method: 'GET', path: `/api/nodes/${id}/neighbors?depth=2` };
    case 'paths': {
      const [from, to] = at(w.pairs, i);
      return {
        method: 'GET',
        path: `/api/paths?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      };
    }
    case 'node':
      return { method: 'GET', path: `/api/nodes/${id}` };
    case 'console':
      return {
        method: 'POST',
        path: '/api/cypher',
        body: JSON.stringify({ query: CONSOLE_QUERY, params: { id: at(w.ids, i) } }),
      };
  }
}

export interface DriverSettings {
  queryTimeoutMs: number;
  consoleRowLimit: number;
}

const schemaServices = new WeakMap<Db, SchemaService>();
const schemaServiceOf = (db: Db): SchemaService => {
  let service = schemaServices.get(db);
  if (!service) schemaServices.set(db, (service = new SchemaService(db)));
  return service;
};

/** What the route for `name` asks of Neo4j, in the same order (server/routes/*.ts). */
export async function driverCall(
  name: CaseName,
  db: Db,
  w: Workload,
  i: number,
  settings: DriverSettings,
): Promise<void> {
  const id = at(w.ids, i);
  switch (name) {
    case 'health':
      await serverComponents(db, HEALTH_TIMEOUT_MS);
      return;
    case 'search':
      // Search runs over an in-memory catalogue kept per data fingerprint, as the route's does.
      await searchServiceFor(db, schemaServiceOf(db)).entities(at(w.terms, i), [], SEARCH_LIMIT);
      return;
    case 'neighbours-1':
    case 'neighbours-2':
      // With the list of hub relationships, as the route: kept per data fingerprint (server/hub-links.ts).
      await neighbors(
        db,
        { id, depth: name === 'neighbours-1' ? 1 : 2, types: [], relTypes: [], limit: NEIGHBOUR_LIMIT },
        await hubLinksOf(db).current(),
      );
      return;
    case 'paths': {
      const [from, to] = at(w.pairs, i);
      for (const end of [from, to]) await entityExists(db, end);
      if (from !== to)
        await paths(db, { from, to, maxLength: PATH_MAX_LENGTH, mode: 'shortest', limit: PATH_LIMIT });
      return;
    }
    case 'node':
      await nodeDetail(db, id);
      return;
    case 'console':
      await runReadQuery(
        db,
        CONSOLE_QUERY,
        { id },
        {
          timeoutMs: settings.queryTimeoutMs,
          deadlineMs: settings.queryTimeoutMs + 1000,
          rowLimit: settings.consoleRowLimit,
        },
      );
      return;
  }
}
