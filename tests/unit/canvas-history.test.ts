// Undo/redo as diffs (client/src/graph/history.ts) on a fresh headless Cytoscape per case: each
// step keeps only what changed, and undo then redo brings back exactly the canvas it left.
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { History } from '../../client/src/graph/history';

const node = (id: string, x = 0, y = 0): ElementDefinition => ({
  group: 'nodes',
  data: { id },
  position: { x, y },
});
const edge = (id: string, source: string, target: string): ElementDefinition => ({
  group: 'edges',
  data: { id, source, target },
});

function canvas(elements: ElementDefinition[] = [node('a'), node('b', 100), edge('ab', 'a', 'b')]) {
  const cy = cytoscape({ headless: true, elements });
  return { cy, history: new History(cy) };
}

/** What the canvas holds: ids, positions, the tracked classes and data, comparable with toEqual. */
const state = (cy: Core) => ({
  nodes: cy
    .nodes()
    .map((n) => ({
      id: n.id(),
      ...n.position(),
      hidden: n.hasClass('hidden'),
      more: n.data('more') as unknown,
    }))
    .sort((a, b) => a.id.localeCompare(b.id)),
  edges: cy
    .edges()
    .map((e) => `${e.id()}:${e.source().id()}>${e.target().id()}:${String(e.hasClass('path'))}`)
    .sort(),
});

describe('canvas history', () => {
  it('records an addition as the added definitions only', () => {
    const { cy, history } = canvas();
    history.record();
    cy.add([node('c', 50, 50), edge('bc', 'b', 'c')]);
    history.record(); // closes the step
    const [step] = history.steps;
    expect(step!.added.map((el) => el.data.id).sort()).toEqual(['bc', 'c']);
    expect(step!.removed).toEqual([]);
    expect(step!.moved).toEqual([]);
  });

  it('undoes and redoes an addition, with the positions the layout gave the newcomers', () => {
    const { cy, history } = canvas();
    const before = state(cy);
    history.record();
    cy.add(node('c'));
    cy.add(edge('bc', 'b', 'c'));
    cy.getElementById('c').position({ x: 40, y: 60 }); // the layout places it
    const after = state(cy);
    expect(history.undo()).toBe(true);
    expect(state(cy)).toEqual(before);
    expect(history.canRedo).toBe(true);
    expect(history.redo()).toBe(true);
    expect(state(cy)).toEqual(after);
  });

  it('undoes a removal: the element comes back as it was, edges after their ends', () => {
    const { cy, history } = canvas();
    cy.getElementById('ab').addClass('path');
    const before = state(cy);
    history.record();
    cy.getElementById('a').remove(); // takes edge ab with it
    expect(cy.elements().length).toBe(1);
    history.undo();
    expect(state(cy)).toEqual(before);
    history.redo();
    expect(cy.nodes().map((n) => n.id())).toEqual(['b']);
    expect(cy.edges().length).toBe(0);
  });

  it('keeps moves as old and new positions of the nodes that moved, and no others', () => {
    const { cy, history } = canvas();
    history.record();
    cy.getElementById('a').position({ x: -30, y: 5 });
    history.record();
    expect(history.steps[0]!.moved).toEqual([{ id: 'a', from: { x: 0, y: 0 }, to: { x: -30, y: 5 } }]);
    history.undo(); // the empty open step
    history.undo();
    expect(cy.getElementById('a').position()).toEqual({ x: 0, y: 0 });
    history.redo();
    expect(cy.getElementById('a').position()).toEqual({ x: -30, y: 5 });
  });

  it('undoes hiding and paging data, which are what the analyst did, not display state', () => {
    const { cy, history } = canvas();
    const before = state(cy);
    history.record();
    cy.getElementById('b').addClass('hidden');
    cy.getElementById('a').data('more', 12);
    cy.getElementById('a').data('label', 'A'); // display only: not part of the step
    history.undo();
    expect(state(cy)).toEqual(before);
    expect(cy.getElementById('a').data('label')).toBe('A');
    history.redo();
    expect(cy.getElementById('b').hasClass('hidden')).toBe(true);
    expect(cy.getElementById('a').data('more')).toBe(12);
  });

  it('treats a replacement of everything as removals and additions, and undoes it', () => {
    const { cy, history } = canvas();
    const before = state(cy);
    history.record();
    cy.elements().remove();
    cy.add([node('x', 1, 2), node('y', 3, 4), edge('xy', 'x', 'y')]);
    const after = state(cy);
    history.undo();
    expect(state(cy)).toEqual(before);
    history.redo();
    expect(state(cy)).toEqual(after);
  });

  it('leaves no trace of an element added and removed within one step', () => {
    const { cy, history } = canvas();
    history.record();
    cy.add(node('tmp'));
    cy.getElementById('tmp').remove();
    history.record();
    expect(history.steps[0]).toMatchObject({ added: [], removed: [] });
  });

  it('a new step after an undo drops what could have been redone', () => {
    const { cy, history } = canvas();
    history.record();
    cy.add(node('c'));
    history.undo();
    history.record();
    expect(history.canRedo).toBe(false);
  });

  it('keeps at most `limit` steps, dropping the oldest', () => {
    const cy = cytoscape({ headless: true });
    const history = new History(cy, { limit: 3 });
    for (let i = 0; i < 5; i++) {
      history.record();
      cy.add(node(`n${i}`));
    }
    history.record();
    expect(history.steps.map((s) => s.added.map((el) => el.data.id))).toEqual([['n2'], ['n3'], ['n4']]);
  });

  it('tells the canvas how many nodes a step will leave, before it applies it', () => {
    const cy = cytoscape({ headless: true, elements: [node('a')] });
    const counts: number[] = [];
    const history = new History(cy, { beforeApply: (n) => counts.push(n) });
    history.record();
    cy.add([node('b'), node('c')]);
    history.undo();
    history.redo();
    expect(counts).toEqual([1, 3]);
  });
});
