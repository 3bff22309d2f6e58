// Landmark labels: the names that must be readable at any zoom, fitted views included. At fit a
// graph of a hundred nodes sits at zoom 0.4, where 11 px labels shrink below what anyone can read
// (and below Cytoscape's min-zoomed-font-size, so they vanish): a first view of unnamed dots. The
// best-connected nodes, the selection and its neighbours are landmarks: their label is sized in
// model units so that on screen it is LEGIBLE_PX tall, whatever the zoom; further well-connected
// nodes join while their label would not overlap one already placed.
import type { Core, NodeSingular } from 'cytoscape';
import { isOff, oncePerTask, type DegreeRanking } from './elements';
import type { Labels } from './labels';

/** On-screen height a landmark's label keeps at every zoom. */
export const LEGIBLE_PX = 12;
/** These many best-connected nodes are always landmarks. */
export const ALWAYS_NAMED = 20;
/** Beyond those, up to this many more when their labels have room. */
const MORE_IF_ROOM = 10;
/** A landmark's label wraps at this many ems, as a normal label does at 140 px of 11 px text. */
const WRAP_EMS = 12;
/** Labels never grow past this in model units (a very far zoom-out shows dots, not posters). */
const MAX_MODEL_FONT = 160;

interface Box {
  x1: number;
  x2: number;
  y1: number;
  y2: number;
}
const overlaps = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

export class Landmarks {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly updateThisTask = oncePerTask(() => this.update());

  constructor(
    private readonly cy: Core,
    private readonly ranking: DegreeRanking,
    private readonly labels: Labels,
  ) {
    // After the view rests (not every frame of a pan); when what is shown or selected changes,
    // before the frame that shows the change.
    cy.on('viewport', () => this.schedule(150));
    cy.on('add remove select unselect', () => this.schedule(0));
  }

  schedule(delayMs: number): void {
    clearTimeout(this.timer);
    if (delayMs === 0) this.updateThisTask();
    else this.timer = setTimeout(() => this.update(), delayMs);
  }

  /** Landmark ids, best first: the ones the analyst can read right now. */
  ids(): string[] {
    return this.cy.nodes('.landmark').map((n) => n.id());
  }

  update(): void {
    const { cy } = this;
    const zoom = cy.zoom();
    const font = Math.min(MAX_MODEL_FONT, LEGIBLE_PX / zoom);
    const ranked = this.ranking.nodes().filter((n) => !isOff(n));
    const chosen = new Map<string, NodeSingular>();
    const placed: Box[] = [];
    const wrapAt = WRAP_EMS * font;
    const boxOf = (node: NodeSingular): Box => {
      // A label under its node: about one em per Chinese character, half an em per Latin one,
      // each language on its own line(s), wrapped at wrapAt; measured from the label it will carry
      // (in a large graph labels.ts sets it only once it is drawn).
      const lines = this.labels
        .of(node)
        .split('\n')
        .map((line) => [...line].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 1 : 0.55), 0) * font);
      const width = Math.min(wrapAt, Math.max(0, ...lines));
      const rows = lines.reduce((n, w) => n + Math.max(1, Math.ceil(w / wrapAt)), 0);
      const { x, y } = node.position();
      const top = y + Number(node.data('size') ?? 20) / 2;
      return { x1: x - width / 2, x2: x + width / 2, y1: top, y2: top + rows * font * 1.25 };
    };
    const take = (node: NodeSingular) => {
      chosen.set(node.id(), node);
      placed.push(boxOf(node));
    };
    ranked.slice(0, ALWAYS_NAMED).forEach(take);
    cy.$('node:selected')
      .closedNeighborhood()
      .nodes()
      .forEach((n) => void (chosen.has(n.id()) || isOff(n) || take(n)));
    let extra = 0;
    for (const node of ranked.slice(ALWAYS_NAMED)) {
      if (extra >= MORE_IF_ROOM) break;
      if (chosen.has(node.id())) continue;
      const box = boxOf(node);
      if (placed.some((p) => overlaps(p, box))) continue;
      take(node);
      extra++;
    }
    cy.batch(() => {
      cy.nodes('.landmark').forEach((n) => {
        if (!chosen.has(n.id())) n.removeClass('landmark');
      });
      for (const node of chosen.values()) {
        this.labels.freshen(node);
        node.addClass('landmark');
        if (node.data('landmarkFont') !== font) node.data({ landmarkFont: font, landmarkWrap: wrapAt });
      }
    });
  }
}
