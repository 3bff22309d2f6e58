// The OpenAPI 3.1 document, made from the contract's route table (contract/operations.ts): every
// operation, its parameters with the bounds the server enforces, its request body, its success
// answer's schema and every status it can give. Nothing here is written by hand per endpoint.
import { z } from 'zod';
import { operations, type Operation } from '../contract/operations';
import { errorBody } from '../contract/common';
import { healthBody } from '../contract/explore';

type JsonSchema = Record<string, unknown> & {
  properties?: Record<string, JsonSchema>;
  required?: string[];
  type?: string;
};

/** A zod schema as a JSON Schema 2020-12 object, embeddable in the document. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

function parameters(schema: z.ZodType, where: 'query' | 'path') {
  const json = jsonSchema(schema, 'input');
  return Object.entries(json.properties ?? {}).map(([name, prop]) => {
    const { description, examples, ...rest } = prop as JsonSchema & {
      description?: string;
      examples?: unknown[];
    };
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      ...(description ? { description } : {}),
      // Lists travel comma-separated: ids=a,b,c.
      ...(rest.type === 'array' ? { style: 'form', explode: false } : {}),
      schema: rest,
      ...(examples?.length ? { example: examples[0] } : {}),
    };
  });
}

const ERROR_SCHEMA = jsonSchema(errorBody, 'output');
const errorResponse = (description: string, codes: string[]) => ({
  description: `${description} (${codes.join(', ')})`,
  content: {
    'application/json': {
      schema: ERROR_SCHEMA,
      example: { error: { code: codes[0], message: description } },
    },
  },
});

/** What each status means in this API, with the error codes it carries. */
const STATUS: Record<number, { description: string; codes: string[] }> = {
  400: {
    description: 'The request is invalid; `field` names what to fix',
    codes: ['BAD_REQUEST', 'BAD_JSON', 'QUERY_REFUSED', 'CYPHER_ERROR'],
  },
  401: {
    description: 'Writes off loopback need the explorer token as a bearer token',
    codes: ['UNAUTHORIZED'],
  },
  403: {
    description: 'Refused: unknown Host, a cross-origin write, or a write in the read-only console',
    codes: ['HOST_NOT_ALLOWED', 'CROSS_ORIGIN_WRITE', 'CROSS_SITE_WRITE', 'READ_ONLY'],
  },
  404: { description: 'No such entity, article or record', codes: ['NOT_FOUND'] },
  405: { description: 'Another method on this path; see the Allow header', codes: ['METHOD_NOT_ALLOWED'] },
  408: {
    description: 'The request or the query ran past its time limit',
    codes: ['REQUEST_TIMEOUT', 'BODY_TIMEOUT', 'QUERY_TIMEOUT'],
  },
  409: {
    description: 'Changed by someone else since the version you edited; `currentVersion` says the new one',
    codes: ['CONFLICT'],
  },
  413: {
    description: 'The body is too large, or the query needs more memory than one query may use',
    codes: ['PAYLOAD_TOO_LARGE', 'QUERY_TOO_LARGE'],
  },
  415: { description: 'Bodies must be JSON (Content-Type: application/json)', codes: ['JSON_REQUIRED'] },
  429: { description: 'Too many requests from this client; see Retry-After', codes: ['RATE_LIMITED'] },
  431: { description: 'The request line and headers are too large', codes: ['HEADERS_TOO_LARGE'] },
  500: { description: 'A server fault (a bug: please report it)', codes: ['INTERNAL'] },
  503: {
    description:
      'Neo4j cannot be reached, the server is at capacity, every console slot is taken, or search is restarting; see Retry-After',
    codes: ['NEO4J_UNAVAILABLE', 'OVERLOADED', 'CONSOLE_BUSY', 'SEARCH_UNAVAILABLE'],
  },
};

/** Statuses an operation can answer: those of every request, of its inputs, of writes, its own. */
export function statusesOf(operation: Operation): number[] {
  const statuses = new Set<number>([403, 405, 408, 429, 431, 500, 503]);
  if (operation.params || operation.query || operation.body) statuses.add(400);
  if (operation.body || operation.method !== 'get') [400, 413, 415].forEach((s) => statuses.add(s));
  if (operation.write) statuses.add(401);
  if (operation.tag === 'console') [400, 408, 413].forEach((s) => statuses.add(s));
  operation.errors?.forEach((s) => statuses.add(s));
  statuses.delete(operation.success.status);
  return [...statuses].sort((a, b) => a - b);
}

function responses(id: string, operation: Operation) {
  const { status, description, schema, contentType = 'application/json' } = operation.success;
  const success =
    status === 204
      ? { description }
      : {
          description,
          content: { [contentType]: { schema: schema ? jsonSchema(schema, 'output') : { type: 'string' } } },
        };
  const answers: Record<string, unknown> = { [status]: success };
  for (const s of statusesOf(operation)) {
    const { description: text, codes } = STATUS[s]!;
    answers[s] = errorResponse(text, codes);
  }
  // Health says why Neo4j is unavailable in its own body; the gate's 503 is still an error body.
  if (id === 'getHealth') {
    answers[503] = {
      description: 'Neo4j is unavailable (health body with the reason), or the server is at capacity',
      content: {
        'application/json': { schema: { anyOf: [jsonSchema(healthBody, 'output'), ERROR_SCHEMA] } },
      },
    };
  }
  return answers;
}

const openApiPath = (path: string) => path.replace(/:([A-Za-z_]+)/g, '{$1}');

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [id, operation] of Object.entries(operations) as [string, Operation][]) {
    const parameters_ = [
      ...(operation.params ? parameters(operation.params, 'path') : []),
      ...(operation.query ? parameters(operation.query, 'query') : []),
    ];
    (paths[openApiPath(operation.path)] ??= {})[operation.method] = {
      operationId: id,
      tags: [operation.tag],
      summary: operation.summary,
      ...(operation.description ? { description: operation.description } : {}),
      ...(parameters_.length ? { parameters: parameters_ } : {}),
      ...(operation.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(operation.body, 'input') } },
            },
          }
        : {}),
      // Writes need the explorer token off loopback; on loopback they need nothing.
      ...(operation.write ? { security: [{}, { explorerToken: [] }] } : {}),
      responses: responses(id, operation),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Qingdao knowledge-graph explorer API',
      version: '1.0.0',
      description:
        'Cypher-backed exploration of the Qingdao West Coast New Area / Qingdao FTZ knowledge graph. ' +
        'Ids are the stable dataset ids. Errors are always {"error":{"code","message"}}; branch on the code. ' +
        'Writes from a browser must be same-origin JSON; off loopback they need the explorer token.',
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'explore', description: 'Search, entities, neighbourhoods, paths, sources' },
      { name: 'console', description: 'The read-only Cypher console' },
      { name: 'insight', description: 'Analytics, why-connected, timeline, comparison' },
      { name: 'sources', description: 'Source documents: add, read sentence by sentence, export' },
      {
        name: 'facts',
        description: 'Entities, relationships and figures written from sentences; history and undo',
      },
      { name: 'stories', description: 'Stories: ordered saved views with narration' },
      { name: 'views', description: 'Saved views' },
      { name: 'notes', description: "Analysts' notes on entities" },
      { name: 'meta', description: 'Health and this documentation' },
    ],
    components: {
      securitySchemes: {
        explorerToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'EXPLORER_TOKEN of the server; required for writes when it listens beyond loopback.',
        },
      },
    },
    paths,
  };
}
export const docsPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>API reference</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem}code{background:#f3f3f3;padding:0 .25rem}
h2{font-size:1.05rem;margin:1.5rem 0 .25rem}table{border-collapse:collapse;margin:.25rem 0}pre{font-size:12px;max-height:20rem;overflow:auto;background:#f6f6f6}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}</style>
</head><body><h1>API reference</h1><p>Generated from <a href="/api/openapi.json">/api/openapi.json</a>.</p><div id="ops"></div>
<script src="/api/docs.js"></script></body></html>`;

// Rendered in the browser from the JSON document so the page never disagrees with the spec: each
// operation with its summary, description, parameters, body, the statuses it answers and whether it
// needs the explorer token.
export const docsScript = `fetch('/api/openapi.json').then(r=>r.json()).then(doc=>{const root=document.getElementById('ops');
const el=(tag,text,cls)=>{const e=document.createElement(tag);if(text!==undefined)e.textContent=text;if(cls)e.className=cls;return e;};
const table=(head,rows)=>{const t=el('table');const tr=el('tr');head.forEach(h=>tr.appendChild(el('th',h)));t.appendChild(tr);
rows.forEach(r=>{const row=el('tr');r.forEach(v=>row.appendChild(el('td',v)));t.appendChild(row);});return t;};
for(const [path,ops] of Object.entries(doc.paths)){for(const [method,op] of Object.entries(ops)){
root.appendChild(el('h2',method.toUpperCase()+' '+path+(op.security?'  (write: explorer token off loopback)':'')));
root.appendChild(el('p',op.summary));if(op.description)root.appendChild(el('p',op.description));
if(op.parameters&&op.parameters.length)root.appendChild(table(['parameter','in','required','schema'],op.parameters.map(p=>[p.name,p.in,String(p.required),JSON.stringify(p.schema)])));
if(op.requestBody){const d=el('details');d.appendChild(el('summary','JSON body'));d.appendChild(el('pre',JSON.stringify(op.requestBody.content['application/json'].schema,null,1)));root.appendChild(d);}
root.appendChild(table(['status','meaning'],Object.entries(op.responses).map(([s,r])=>[s,r.description])));}}});`;
