// The OpenAPI 3.1 document, generated from the zod schemas that validate requests.
import { z } from 'zod';
import {
  articleParams,
  cypherBody,
  graphQuery,
  neighborsQuery,
  nodeParams,
  pathsQuery,
  searchQuery,
  sourcesQuery,
  subgraphQuery,
} from './schemas';
import { analyticsQuery, compareQuery, explainQuery, timelineQuery } from './schemas';
import { groupedSearchQuery } from './search-schemas';

type ObjectSchema = z.ZodObject<z.ZodRawShape>;

/** Query or path parameters from a zod object: every field as a string parameter, with its constraints. */
function parameters(schema: ObjectSchema, where: 'query' | 'path') {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, prop]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: prop,
  }));
}

const errorResponse = {
  description: 'Error',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
};
const ok = (description: string) => ({
  description,
  content: { 'application/json': { schema: { type: 'object' } } },
});
const responses = (description: string) => ({
  200: ok(description),
  400: errorResponse,
  404: errorResponse,
  503: errorResponse,
});

export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Qingdao knowledge-graph explorer API',
      version: '1.0.0',
      description:
        'Cypher-backed exploration of the Qingdao West Coast New Area / Qingdao FTZ knowledge graph. ' +
        'Ids are the stable dataset ids. Errors are always {"error":{"code","message"}}.',
    },
    paths: {
      '/api/health': {
        get: {
          summary: 'Neo4j connectivity',
          responses: { 200: ok('Connected'), 503: ok('Neo4j unreachable') },
        },
      },
      '/api/schema': {
        get: {
          summary: 'Labels, relationship types with counts and the labels they join, property keys',
          responses: responses('Schema'),
        },
      },
      '/api/search': {
        get: {
          summary:
            'Entity search, Chinese, English and pinyin: exact name, exact alias, name prefix, then relevance; ties by degree',
          parameters: parameters(searchQuery, 'query'),
          responses: responses('Ranked results'),
        },
      },
      '/api/search/all': {
        get: {
          summary:
            'Search grouped by kind: entities (exact name, alias, pinyin, prefix, relevance), figures (measure, glossary, value), sentences (with highlights and the elements quoting them)',
          parameters: parameters(groupedSearchQuery, 'query'),
          responses: responses('Sections by kind (shared-types/search.ts GroupedSearchResponse)'),
        },
      },
      '/api/nodes/{id}': {
        get: {
          summary: 'One entity with figures and sources',
          parameters: parameters(nodeParams, 'path'),
          responses: responses('Entity detail'),
        },
      },
      '/api/nodes/{id}/neighbors': {
        get: {
          summary: 'Neighbourhood as Cytoscape elements (canvas fields; sources via /api/sources)',
          parameters: [...parameters(nodeParams, 'path'), ...parameters(neighborsQuery, 'query')],
          responses: responses('Elements'),
        },
      },
      '/api/paths': {
        get: {
          summary: 'Shortest or all simple paths between two entities',
          parameters: parameters(pathsQuery, 'query'),
          responses: responses('Paths'),
        },
      },
      '/api/graph': {
        get: {
          summary:
            'Overview: best-connected entities and their links (canvas fields; sources via /api/sources)',
          parameters: parameters(graphQuery, 'query'),
          responses: responses('Elements'),
        },
      },
      '/api/subgraph': {
        get: {
          summary: 'Given entities and the relationships among them; unknown ids are listed in missing',
          parameters: parameters(subgraphQuery, 'query'),
          responses: responses('Elements'),
        },
      },
      '/api/sources': {
        get: {
          summary:
            'Sources (article id + verbatim quote) of entities and relationships, as {"sources":{id:[{articleId,quote}]},' +
            '"missing":[ids]}. Graph answers leave sources out; this fetches them lazily. A relationship is found ' +
            'when one of its ends is among the ids too (send an edge with its source and target)',
          parameters: parameters(sourcesQuery, 'query'),
          responses: responses('Sources by id'),
        },
      },
      '/api/articles/{id}': {
        get: {
          summary: 'A source article with its full text',
          parameters: parameters(articleParams, 'path'),
          responses: responses('Article'),
        },
      },
      '/api/cypher': {
        post: {
          summary: 'Read-only Cypher console',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: z.toJSONSchema(cypherBody, { io: 'input' }) } },
          },
          responses: {
            ...responses('Columns, rows, elements, summary'),
            408: errorResponse,
            413: errorResponse,
          },
        },
      },
      '/api/analytics': {
        get: {
          summary:
            'Degree, betweenness, PageRank and Louvain community per entity; hubs, brokers, communities and ' +
            'one-sentence explanations. Cached until the data changes; betweenness is sampled above 5000 entities',
          parameters: parameters(analyticsQuery, 'query'),
          responses: responses('Scores and communities'),
        },
      },
      '/api/explain': {
        get: {
          summary:
            'Why two entities are connected: shortest paths, each hop with its source quote and a sentence',
          parameters: parameters(explainQuery, 'query'),
          responses: responses('Paths as sentence chains ({"paths":[]} when there are none)'),
        },
      },
      '/api/timeline': {
        get: {
          summary:
            'Periods and dates of figures and dated entities (ISO start/end); with from/to, the figures and ' +
            'entities in that window',
          parameters: parameters(timelineQuery, 'query'),
          responses: responses('Periods, and the window contents'),
        },
      },
      '/api/compare': {
        get: {
          summary:
            '2–6 entities side by side: figures aligned by measure, unit and period; direct links; shared neighbours',
          parameters: parameters(compareQuery, 'query'),
          responses: responses('Comparison'),
        },
      },
    },
  };
}

export const docsPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>API reference</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem}code{background:#f3f3f3;padding:0 .25rem}
h2{font-size:1.05rem;margin:1.5rem 0 .25rem}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}</style>
</head><body><h1>API reference</h1><p>Generated from <a href="/api/openapi.json">/api/openapi.json</a>.</p><div id="ops"></div>
<script src="/api/docs.js"></script></body></html>`;

// Rendered in the browser from the JSON document so the page never disagrees with the spec.
export const docsScript = `fetch('/api/openapi.json').then(r=>r.json()).then(doc=>{const root=document.getElementById('ops');
for(const [path,ops] of Object.entries(doc.paths)){for(const [method,op] of Object.entries(ops)){
const h=document.createElement('h2');h.textContent=method.toUpperCase()+' '+path;root.appendChild(h);
const p=document.createElement('p');p.textContent=op.summary;root.appendChild(p);
if(op.parameters&&op.parameters.length){const t=document.createElement('table');t.innerHTML='<tr><th>name</th><th>in</th><th>required</th><th>schema</th></tr>';
for(const prm of op.parameters){const tr=document.createElement('tr');for(const v of [prm.name,prm.in,String(prm.required),JSON.stringify(prm.schema)]){const td=document.createElement('td');td.textContent=v;tr.appendChild(td);}t.appendChild(tr);}root.appendChild(t);}}}});`;
