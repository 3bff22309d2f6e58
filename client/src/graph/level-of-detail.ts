// Level of detail for large graphs: above LARGE_GRAPH_NODES the style sheet drops to its large
// form, edges hide and a texture pans while the view moves, and only some nodes are labelled.
import type { Core } from 'cytoscape';
import type { TypeInfo } from '../../../contract/types';
import { isOff, oncePerTask, type DegreeRanking } from './elements';
import type { Labels } from './labels';
import { buildStylesheet } from './style';

/**
 * Above this many nodes the canvas draws at a level of detail (see `buildStylesheet`'s `large`),
 * hides edges and pans a texture while the view moves, and runs its force layout in a worker.
 */
export const LARGE_GRAPH_NODES = 400;
/** In a large graph, the best-connected nodes keep their labels at every zoom. */
const HUB_LABELS = 30;
/** In a large graph, the labels of what is in view appear from this zoom in, at most this many. */
const VIEW_LABEL_ZOOM = 0.6;
const VIEW_LABELS = 300;

export class LevelOfDetail {
  /** Where the level of detail starts; the benchmark raises it to measure the full-detail canvas. */
  threshold = LARGE_GRAPH_NODES;
  private large = false;
  private types: Pick<TypeInfo, 'label' | 'color' | 'shape'>[] = [];
  private labelTimer: ReturnType<typeof setTimeout> | undefined;
  /** Once per selection change, not once per element (unselecting fires an event for each). */
  private readonly labelsThisTask = oncePerTask(() => this.updateLabels());

  constructor(
    private readonly cy: Core,
    private readonly ranking: DegreeRanking,
    private readonly labels: Labels,
  ) {
    // Relabel once the view rests, not on every frame of a pan; a selection change before its frame.
    cy.on('viewport', () => this.scheduleLabels(250));
    cy.on('select unselect', () => this.scheduleLabels(0));
  }

  get isLarge(): boolean {
    return this.large;
  }

  /** Whether a graph of this many nodes is drawn at the level of detail. */
  isLargeCount(nodeCount: number): boolean {
    return nodeCount > this.threshold;
  }

  setTypes(types: Pick<TypeInfo, 'label' | 'color' | 'shape'>[]): void {
    this.types = types;
    this.cy.style(buildStylesheet(this.types, { large: this.large }));
  }

  /**
   * Switches the level of detail when the graph crosses the threshold either way; true when it
   * switched into the large form (the caller may start the layout worker while elements load).
   */
  check(nodeCount = this.cy.nodes().length): boolean {
    const large = this.isLargeCount(nodeCount);
    let entered = false;
    if (large !== this.large) {
      this.large = large;
      entered = large;
      this.cy.style(buildStylesheet(this.types, { large }));
      // Cytoscape reads these two at start-up only; its renderer keeps them as plain fields.
      const renderer = (
        this.cy as unknown as { renderer(): { hideEdgesOnViewport: boolean; textureOnViewport: boolean } }
      ).renderer();
      renderer.hideEdgesOnViewport = large;
      renderer.textureOnViewport = large;
      this.labels.drawnOnly = large;
      if (!large) {
        this.cy.elements('.labelled').removeClass('labelled');
        this.labels.apply(this.cy); // every label is drawn again: all current
      }
    }
    if (large) this.scheduleLabels(0);
    return entered;
  }

  scheduleLabels(delayMs: number): void {
    if (!this.large) return;
    clearTimeout(this.labelTimer);
    if (delayMs === 0) this.labelsThisTask();
    else this.labelTimer = setTimeout(() => this.updateLabels(), delayMs);
  }

  /**
   * Label the hubs, the selection and its neighbours and, once zoomed in far enough to read them,
   * the best-connected nodes in view. Everything else stays unlabelled (and unmeasured).
   */
  private updateLabels(): void {
    if (!this.large) return;
    const { cy } = this;
    // Classes, not ':visible': the selector computes each node's style, far too slow at this size.
    const ranked = this.ranking.nodes().filter((n) => !isOff(n));
    const wanted = new Set<string>(ranked.slice(0, HUB_LABELS).map((n) => n.id()));
    cy.$('node:selected')
      .closedNeighborhood()
      .forEach((el) => void wanted.add(el.id()));
    if (cy.zoom() >= VIEW_LABEL_ZOOM) {
      const { x1, x2, y1, y2 } = cy.extent();
      let count = 0;
      for (const n of ranked) {
        if (count >= VIEW_LABELS) break;
        const { x, y } = n.position();
        if (x >= x1 && x <= x2 && y >= y1 && y <= y2) {
          wanted.add(n.id());
          count++;
        }
      }
    }
    cy.batch(() => {
      cy.elements('.labelled').forEach((el) => {
        if (!wanted.has(el.id())) el.removeClass('labelled');
      });
      for (const id of wanted) {
        const el = cy.getElementById(id);
        if (el.hasClass('labelled')) continue;
        this.labels.freshen(el);
        el.addClass('labelled');
      }
    });
  }
}
