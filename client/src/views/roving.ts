// A roving tab index (ARIA's composite-widget pattern) for lists and tables of many items: the list is
// one tab stop, and the arrow keys, Home/End and PageUp/PageDown move within it. Without it a
// keyboard user tabs through every legend entry, neighbour and table row to get past a list (the
// issue counted 93 presses from the search box to the details panel).

/** How far PageUp/PageDown move. */
const PAGE_STEP = 10;

type Move = (index: number, last: number) => number;
const next: Move = (i, last) => Math.min(last, i + 1);
const previous: Move = (i) => Math.max(0, i - 1);
const KEY_MOVES: Record<string, Move> = {
  ArrowDown: next,
  ArrowRight: next,
  ArrowUp: previous,
  ArrowLeft: previous,
  Home: () => 0,
  End: (_, last) => last,
  PageDown: (i, last) => Math.min(last, i + PAGE_STEP),
  PageUp: (i) => Math.max(0, i - PAGE_STEP),
};

export interface RovingOptions {
  /** Enter on the active item (buttons act on Enter and Space by themselves; table rows need this). */
  activate?: (item: HTMLElement) => void;
  /**
   * Which arrow keys move: a list's Up/Down, a toolbar's Left/Right (its select keeps Up/Down);
   * each leaves the other pair to whatever else wants them.
   */
  orientation?: 'vertical' | 'horizontal';
}

/**
 * Makes `container`'s items (`selector`, in document order) one tab stop. Views may re-render the
 * items at will: the items are looked up at each key press and focus, and after a re-render the
 * first item that still holds the stop (else the first item) keeps it.
 */
export function rovingTabIndex(container: HTMLElement, selector: string, options: RovingOptions = {}): void {
  const items = () => [...container.querySelectorAll<HTMLElement>(selector)];
  const settle = () => {
    const all = items();
    if (!all.length) return;
    const current = all.find((item) => item.tabIndex === 0) ?? all[0]!;
    for (const item of all) item.tabIndex = item === current ? 0 : -1;
  };
  container.addEventListener('focusin', (event) => {
    const all = items();
    const target = event.target as HTMLElement;
    if (!all.includes(target)) return;
    for (const item of all) item.tabIndex = item === target ? 0 : -1;
  });
  container.addEventListener('keydown', (event) => {
    const all = items();
    const index = all.indexOf(event.target as HTMLElement);
    if (index < 0 || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'Enter' && options.activate) {
      event.preventDefault();
      options.activate(all[index]!);
      return;
    }
    const across = event.key === 'ArrowLeft' || event.key === 'ArrowRight';
    const along = event.key === 'ArrowUp' || event.key === 'ArrowDown';
    if (options.orientation === 'horizontal' ? along : across) return;
    const move = KEY_MOVES[event.key];
    if (!move) return;
    event.preventDefault();
    const target = all[move(index, all.length - 1)]!;
    target.focus();
    target.scrollIntoView({ block: 'nearest' });
  });
  // New items arrive with their default tab index (0 for buttons), and a button enabled again gets
  // its 0 back: one of them keeps the stop.
  new MutationObserver(settle).observe(container, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['disabled', 'hidden'],
  });
  settle();
}
