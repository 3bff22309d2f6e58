// Labels at the level of detail (client/src/graph/labels.ts with level-of-detail.ts and
// landmarks.ts), on a headless Cytoscape: a language switch sets only the labels that are drawn
// (setting all of them restyles every element), and every label that becomes drawn later (a
// selection, its neighbours, a landmark) carries the current language before its frame.
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { DegreeRanking } from '../../client/src/graph/elements';
import { Labels, wrapPoints } from '../../client/src/graph/labels';
import { Landmarks } from '../../client/src/graph/landmarks';
import { LARGE_GRAPH_NODES, LevelOfDetail } from '../../client/src/graph/level-of-detail';

/** A star of stars: hub h links to spokes s0…, each spoke to its own leaves (low degree). */
function graph(nodes: number): ElementDefinition[] {
  const name = (id: string) => ({ name: `节点${id}`, nameEn: `Node ${id}` });
  const out: ElementDefinition[] = [{ group: 'nodes', data: { id: 'h', type: 'Zone', ...name('h') } }];
  for (let i = 1; i < nodes; i++) {
    const id = `n${i}`;
    const parent = i <= 20 ? 'h' : `n${1 + (i % 20)}`;
    out.push({ group: 'nodes', data: { id, type: 'Company', ...name(id) }, position: { x: i * 30, y: 0 } });
    out.push({ group: 'edges', data: { id: `e${i}`, source: parent, target: id, type: 'LOCATED_IN' } });
  }
  return out;
}

function canvas(nodes: number) {
  const cy = cytoscape({ headless: true, styleEnabled: true, elements: graph(nodes) });
  const ranking = new DegreeRanking(cy);
  const labels = new Labels(cy);
  const detail = new LevelOfDetail(cy, ranking, labels);
  const landmarks = new Landmarks(cy, ranking, labels);
  labels.apply(cy);
  detail.check();
  return { cy, labels, detail, landmarks };
}

const microtasks = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Counts label data writes from now on. */
function countLabelWrites(cy: Core): () => number {
  let writes = 0;
  cy.on('data', (event) => {
    if (event.target.isNode() || event.target.isEdge()) writes++;
  });
  return () => writes;
}

describe('labels at the level of detail', () => {
  it('relabels only drawn elements on a language switch, and each later-drawn one on its way in', async () => {
    const { cy, labels, detail, landmarks } = canvas(LARGE_GRAPH_NODES * 2);
    expect(detail.isLarge).toBe(true);
    expect(labels.drawnOnly).toBe(true);
    landmarks.update();
    await microtasks();
    const drawn = cy.$('.labelled, .landmark, :selected');
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.length).toBeLessThan(cy.elements().length / 4);

    const writes = countLabelWrites(cy);
    labels.lang = 'en';
    labels.apply(cy);
    expect(writes()).toBe(drawn.length);
    drawn.forEach((el) => {
      if (el.isNode()) expect(el.data('label')).toBe(`Node ${el.id()}`);
    });

    // A leaf nobody drew yet: selecting it draws it, and level of detail labels its neighbours.
    const leaf = cy.getElementById(`n${LARGE_GRAPH_NODES * 2 - 1}`);
    expect(leaf.hasClass('labelled') || leaf.hasClass('landmark')).toBe(false);
    leaf.select();
    expect(leaf.data('label')).toBe(`Node ${leaf.id()}`);
    await microtasks();
    leaf
      .closedNeighborhood()
      .nodes()
      .forEach((n) => {
        expect(n.hasClass('labelled')).toBe(true);
        expect(n.data('label')).toBe(`Node ${n.id()}`);
      });
  });

  it('leaving the level of detail brings every label to the current language', () => {
    const { cy, labels, detail } = canvas(LARGE_GRAPH_NODES * 2);
    labels.lang = 'zh';
    labels.apply(cy);
    cy.remove(cy.nodes().slice(LARGE_GRAPH_NODES / 2));
    detail.check();
    expect(detail.isLarge).toBe(false);
    expect(labels.drawnOnly).toBe(false);
    cy.nodes().forEach((n) => expect(n.data('label')).toBe(wrapPoints(`节点${n.id()}`)));
  });

  it('in a small graph a switch relabels everything, as every label is drawn', () => {
    const { cy, labels, detail } = canvas(50);
    expect(detail.isLarge).toBe(false);
    labels.lang = 'en';
    labels.apply(cy);
    cy.nodes().forEach((n) => expect(n.data('label')).toBe(`Node ${n.id()}`));
  });

  it('ranks nodes by degree once per change of content', () => {
    const cy = cytoscape({ headless: true, elements: graph(100) });
    const ranking = new DegreeRanking(cy);
    const first = ranking.nodes();
    expect(first[0]!.id()).toBe('h');
    expect(ranking.nodes()).toBe(first);
    cy.remove(cy.getElementById('h'));
    const after = ranking.nodes();
    expect(after).not.toBe(first);
    expect(after.some((n) => n.id() === 'h')).toBe(false);
  });
});
