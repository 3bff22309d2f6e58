// Owns the path finder's answer (#path-result): nothing found, an error, or the paths found, one
// shown at a time ("Path 2 of 10 · 3 hops") with ‹ › to step; a step is the showPath action, which
// highlights that path, fades the rest and moves the view to it.
import { byId, h } from '../dom';
import { t, type Lang } from '../i18n';
import type { State } from '../store';

export function renderPathResult(paths: State['paths'], lang: Lang, showPath: (index: number) => void): void {
  const out = byId('path-result');
  delete out.dataset.pathIndex;
  switch (paths.status) {
    case 'idle':
      out.replaceChildren();
      return;
    case 'loading':
      out.replaceChildren(t('loading', lang));
      return;
    case 'none':
      out.replaceChildren(t('noPath', lang));
      return;
    case 'error':
      out.replaceChildren(paths.message);
      return;
    case 'found': {
      const { index, lengths } = paths;
      const length = lengths[index]!;
      out.dataset.pathIndex = String(index);
      const counter = h(
        'span',
        { class: 'path-counter', 'aria-live': 'polite' },
        lang === 'zh'
          ? `${t('pathOf', lang)} ${index + 1} / ${lengths.length} · ${length} ${t('hops', lang)}`
          : `${t('pathOf', 'en')} ${index + 1} ${t('pathOfTotal', 'en')} ${lengths.length} · ${length} ${t('hops', 'en')}`,
      );
      const step = (id: string, label: string, text: string, to: number) => {
        const button = h('button', { type: 'button', id, 'aria-label': label, title: label }, text);
        button.disabled = lengths.length < 2;
        button.addEventListener('click', () => showPath((to + lengths.length) % lengths.length));
        return button;
      };
      out.replaceChildren(
        h('span', { class: 'path-total' }, `${lengths.length} ${t('pathsFound', lang)}`),
        h(
          'span',
          { class: 'path-steps' },
          step('btn-path-prev', t('previousPath', lang), '‹', index - 1),
          counter,
          step('btn-path-next', t('nextPath', lang), '›', index + 1),
        ),
      );
    }
  }
}
