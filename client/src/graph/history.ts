// Undo/redo as small diffs. A step opens when the canvas records (before a change the analyst may
// want to undo) and closes at the next record, undo or redo; it keeps only what changed meanwhile:
// the definitions of elements added and removed, the old and new positions of nodes that moved,
// and the undoable classes and bookkeeping data that changed. Undo applies a step's inverse.
import type { Core, ElementDefinition, EventObject, Position } from 'cytoscape';

/** Classes that are part of what the analyst did (hidden elements, a highlighted path). */
export const TRACKED_CLASSES = ['hidden', 'path'] as const;
/** Node data the canvas keeps about paging (how many neighbours shown, how many still off). */
export const TRACKED_DATA = ['shown', 'more'] as const;
/** Steps kept; the oldest is dropped beyond this. */
export const HISTORY_LIMIT = 50;

type TrackedClass = (typeof TRACKED_CLASSES)[number];
type TrackedData = (typeof TRACKED_DATA)[number];

/** One recorded step, enough to go either way. */
export interface HistoryStep {
  /** Elements on the canvas after the step that were not before, as they were when it closed. */
  added: ElementDefinition[];
  /** Elements on the canvas before the step that were not after, as they were when it opened. */
  removed: ElementDefinition[];
  /** Nodes on the canvas before and after that moved. */
  moved: { id: string; from: Position; to: Position }[];
  /** Elements that gained (`on`) or lost (`off`) a tracked class, kept before and after. */
  classes: { id: string; name: TrackedClass; on: boolean }[];
  /** Tracked node data that changed, kept before and after. */
  data: { id: string; key: TrackedData; from: unknown; to: unknown }[];
}

/** What an open step needs to know of how things were when it opened. */
interface OpenStep {
  positions: Map<string, Position>;
  classes: Map<TrackedClass, Set<string>>;
  data: Map<string, Partial<Record<TrackedData, unknown>>>;
  added: Set<string>;
  removed: Map<string, ElementDefinition>;
}

/** An element as Cytoscape describes it, minus its `removed` flag (which `add` must not see). */
function definitionOf(el: { json(): unknown }): ElementDefinition {
  const { removed: _removed, ...definition } = el.json() as ElementDefinition & { removed?: boolean };
  return definition;
}

export class History {
  private past: HistoryStep[] = [];
  private future: HistoryStep[] = [];
  private open: OpenStep | undefined;
  /** Set while a step is being applied: its own adds and removes are not a new change. */
  private applying = false;

  /**
   * `beforeApply` is told how many nodes the canvas will hold, before a step is applied, so the
   * style for that size is in place before anything is drawn.
   */
  constructor(
    private readonly cy: Core,
    private readonly options: { limit?: number; beforeApply?: (nodeCount: number) => void } = {},
  ) {
    cy.on('add', (event: EventObject) => this.onAdd(event));
    cy.on('remove', (event: EventObject) => this.onRemove(event));
  }

  get canUndo(): boolean {
    return this.past.length > 0 || this.open !== undefined;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  /** How many steps undo can take back (the open one included). */
  get depth(): number {
    return this.past.length + (this.open ? 1 : 0);
  }

  /** The recorded steps, oldest first (the open one is not among them until it closes). */
  get steps(): readonly HistoryStep[] {
    return this.past;
  }

  /** Call before any change the analyst may want to undo. */
  record(): void {
    this.close();
    this.future = [];
    const { cy } = this;
    const positions = new Map<string, Position>();
    const data = new Map<string, Partial<Record<TrackedData, unknown>>>();
    cy.nodes().forEach((n) => {
      positions.set(n.id(), { ...n.position() });
      const kept: Partial<Record<TrackedData, unknown>> = {};
      for (const key of TRACKED_DATA) if (n.data(key) !== undefined) kept[key] = n.data(key);
      if (Object.keys(kept).length) data.set(n.id(), kept);
    });
    const classes = new Map<TrackedClass, Set<string>>(
      TRACKED_CLASSES.map((name) => [name, new Set(cy.elements(`.${name}`).map((el) => el.id()))]),
    );
    this.open = { positions, classes, data, added: new Set(), removed: new Map() };
  }

  undo(): boolean {
    this.close();
    const step = this.past.pop();
    if (!step) return false;
    this.apply(step, 'back');
    this.future.push(step);
    return true;
  }

  redo(): boolean {
    this.close();
    const step = this.future.pop();
    if (!step) return false;
    this.apply(step, 'forward');
    this.past.push(step);
    return true;
  }

  private onAdd(event: EventObject): void {
    if (!this.open || this.applying) return;
    this.open.added.add(event.target.id() as string);
  }

  private onRemove(event: EventObject): void {
    if (!this.open || this.applying) return;
    const id = event.target.id() as string;
    // Added within the step and removed again: no trace (if an older one with this id was removed
    // first, `removed` already holds it as it was).
    if (this.open.added.delete(id) || this.open.removed.has(id)) return;
    const definition = definitionOf(event.target);
    // As it was when the step opened: a layout may have moved it before it left.
    const position = this.open.positions.get(id);
    this.open.removed.set(id, position ? { ...definition, position: { ...position } } : definition);
  }

  /** Turns the open step into a diff against the canvas as it is now. */
  private close(): void {
    const open = this.open;
    if (!open) return;
    this.open = undefined;
    const { cy } = this;
    const added: ElementDefinition[] = [];
    for (const id of open.added) {
      const el = cy.getElementById(id);
      if (el.nonempty()) added.push(definitionOf(el));
    }
    const moved: HistoryStep['moved'] = [];
    const data: HistoryStep['data'] = [];
    cy.nodes().forEach((n) => {
      const id = n.id();
      const from = open.positions.get(id);
      if (!from || open.added.has(id)) return;
      const to = n.position();
      if (from.x !== to.x || from.y !== to.y) moved.push({ id, from, to: { ...to } });
      const before = open.data.get(id);
      for (const key of TRACKED_DATA) {
        const [was, now] = [before?.[key], n.data(key) as unknown];
        if (was !== now) data.push({ id, key, from: was, to: now });
      }
    });
    const classes: HistoryStep['classes'] = [];
    for (const name of TRACKED_CLASSES) {
      const before = open.classes.get(name) ?? new Set<string>();
      const after = new Set(cy.elements(`.${name}`).map((el) => el.id()));
      // Only elements there before and after: added and removed ones carry their classes.
      for (const id of after) {
        if (!before.has(id) && !open.added.has(id)) classes.push({ id, name, on: true });
      }
      for (const id of before) {
        if (!after.has(id) && !open.removed.has(id)) classes.push({ id, name, on: false });
      }
    }
    this.past.push({ added, removed: [...open.removed.values()], moved, classes, data });
    if (this.past.length > (this.options.limit ?? HISTORY_LIMIT)) this.past.shift();
  }

  private apply(step: HistoryStep, direction: 'back' | 'forward'): void {
    const back = direction === 'back';
    const [toRemove, toAdd] = back ? [step.added, step.removed] : [step.removed, step.added];
    const { cy } = this;
    const removeIds = new Set(toRemove.map((el) => String(el.data.id)));
    const nodesAfter =
      cy.nodes().filter((n) => !removeIds.has(n.id())).length +
      toAdd.filter((el) => el.group === 'nodes' && cy.getElementById(String(el.data.id)).empty()).length;
    this.options.beforeApply?.(nodesAfter);
    this.applying = true;
    try {
      cy.batch(() => {
        for (const id of removeIds) cy.getElementById(id).remove();
        // Nodes before edges: an edge needs both ends on the canvas.
        const fresh = toAdd
          .filter((el) => cy.getElementById(String(el.data.id)).empty())
          .sort((a, b) => Number(a.group === 'edges') - Number(b.group === 'edges'));
        cy.add(fresh.map((el) => structuredClone(el)));
        for (const { id, from, to } of step.moved) cy.getElementById(id).position({ ...(back ? from : to) });
        for (const { id, name, on } of step.classes) {
          const el = cy.getElementById(id);
          if (on !== back) el.addClass(name);
          else el.removeClass(name);
        }
        for (const { id, key, from, to } of step.data) {
          const el = cy.getElementById(id);
          const value = back ? from : to;
          if (value === undefined) el.removeData(key);
          else el.data(key, value);
        }
      });
    } finally {
      this.applying = false;
    }
  }
}
