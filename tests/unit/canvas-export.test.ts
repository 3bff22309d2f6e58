// @vitest-environment jsdom
// Exports of what is on the canvas (client/src/presentation/export.ts) from plain element views,
// with the sources endpoint stubbed: CSV cells, the JSON document, and PNG sizes the browser allows.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EdgeView, NodeView } from '../../client/src/graph/canvas';
import {
  ELEMENTS_FORMAT,
  ExportError,
  edgesCsv,
  elementsJson,
  nodesCsv,
  parseElementsJson,
  pngSize,
} from '../../client/src/presentation/export';
import { forgetSources } from '../../client/src/sources';

const nodes: NodeView[] = [
  {
    id: 'n1',
    data: {
      id: 'n1',
      type: 'Firm',
      name: '甲公司',
      nameEn: 'Jia, "Ltd"',
      aliases: ['甲', 'J'],
      label: '甲',
      size: 30,
    },
    degree: 1,
    position: { x: 10.4, y: -3.6 },
  },
  {
    id: 'n2',
    data: { id: 'n2', type: 'Park', name: '乙园区', nameEn: 'Yi Park' },
    degree: 1,
    position: { x: 0, y: 0 },
  },
];
const edges: EdgeView[] = [
  {
    id: 'e1',
    data: { id: 'e1', source: 'n1', target: 'n2', type: 'LOCATED_IN', label: '位于' },
    source: 'n1',
    target: 'n2',
  },
];

beforeEach(() => {
  forgetSources();
  vi.stubGlobal('fetch', async (url: string) => {
    const ids = new URL(url, 'http://x').searchParams.get('ids')!.split(',');
    return new Response(
      JSON.stringify({
        sources: Object.fromEntries(ids.map((id) => [id, [{ articleId: 'a1', quote: `quote of ${id}` }]])),
        missing: [],
      }),
    );
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('CSV exports', () => {
  it('writes nodes with rounded positions, lists joined, quotes escaped and their sources', async () => {
    const lines = (await nodesCsv(nodes)).split('\r\n');
    expect(lines[0]).toBe('id,type,name,nameEn,aliases,x,y,sources');
    expect(lines[1]).toBe('n1,Firm,甲公司,"Jia, ""Ltd""",甲; J,10,-4,quote of n1');
    expect(lines[2]).toBe('n2,Park,乙园区,Yi Park,,0,0,quote of n2');
  });

  it('writes edges with their ends and type', async () => {
    expect(await edgesCsv(edges)).toBe(
      'id,source,target,type,sources\r\ne1,n1,n2,LOCATED_IN,quote of e1\r\n',
    );
  });
});

describe('JSON export', () => {
  it('keeps data, positions and sources, drops what the canvas computes, and reads back', async () => {
    const text = await elementsJson({ shownNodes: () => nodes, shownEdges: () => edges });
    const doc = JSON.parse(text) as {
      format: string;
      elements: { nodes: { data: Record<string, unknown> }[] };
    };
    expect(doc.format).toBe(ELEMENTS_FORMAT);
    const first = doc.elements.nodes[0]!.data;
    expect(first).not.toHaveProperty('label');
    expect(first).not.toHaveProperty('size');
    expect(first.sources).toEqual([{ articleId: 'a1', quote: 'quote of n1' }]);
    const back = parseElementsJson(text);
    expect(back.nodes.map((n) => n.data.id)).toEqual(['n1', 'n2']);
    expect(back.edges.map((e) => e.data.id)).toEqual(['e1']);
  });

  it('refuses a file that is not one of its exports', () => {
    expect(() => parseElementsJson('{"format":"other"}')).toThrow(ExportError);
    expect(() => parseElementsJson('not json')).toThrow('not JSON');
  });
});

describe('pngSize', () => {
  it('scales the bounding box by the scale and the pixel ratio', () => {
    expect(pngSize({ w: 100.2, h: 50 }, 2, 1.5)).toEqual({ width: 301, height: 150 });
  });

  it('refuses a size beyond what the browser draws and names a scale that fits', () => {
    expect(() => pngSize({ w: 10_000, h: 1000 }, 4, 1)).toThrow(/Choose a scale of 1\.6× or less/);
  });
});
