// The path finder's result: the paths found, one highlighted at a time, with "previous" and "next"
// to step through them ("Path 2 of 10 · 3 hops"); each step fades the rest and moves the view to it.
import type { CyElements } from '../../../contract/types';
import { h } from '../dom';
import type { GraphCanvas } from '../graph/canvas';
import { t, type Lang } from '../i18n';

export interface FoundPath {
  length: number;
  elements: CyElements;
}

const idsOf = (path: FoundPath) => [...path.elements.nodes, ...path.elements.edges].map((el) => el.data.id);

/** Shows `paths` (already on the canvas) in `out` and highlights the first. */
export function showPaths(
  out: HTMLElement,
  paths: FoundPath[],
  canvas: Pick<GraphCanvas, 'highlight'>,
  lang: Lang,
): void {
  let index = 0;
  const counter = h('span', { class: 'path-counter', 'aria-live': 'polite' });
  const prev = h(
    'button',
    {
      type: 'button',
      id: 'btn-path-prev',
      'aria-label': t('previousPath', lang),
      title: t('previousPath', lang),
    },
    '‹',
  );
  const next = h(
    'button',
    { type: 'button', id: 'btn-path-next', 'aria-label': t('nextPath', lang), title: t('nextPath', lang) },
    '›',
  );
  const show = (i: number) => {
    index = (i + paths.length) % paths.length;
    const path = paths[index]!;
    counter.textContent =
      lang === 'zh'
        ? `${t('pathOf', lang)} ${index + 1} / ${paths.length} · ${path.length} ${t('hops', lang)}`
        : `${t('pathOf', 'en')} ${index + 1} ${t('pathOfTotal', 'en')} ${paths.length} · ${path.length} ${t('hops', 'en')}`;
    out.dataset.pathIndex = String(index);
    canvas.highlight(idsOf(path), { fit: true });
  };
  prev.addEventListener('click', () => show(index - 1));
  next.addEventListener('click', () => show(index + 1));
  prev.disabled = next.disabled = paths.length < 2;
  out.replaceChildren(
    h('span', { class: 'path-total' }, `${paths.length} ${t('pathsFound', lang)}`),
    h('span', { class: 'path-steps' }, prev, counter, next),
  );
  show(0);
}
