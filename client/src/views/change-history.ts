// Owns the change history list (per entity in the entity manager, per article in the reader): when,
// who, what, the elements before and after, and Undo on each change not undone yet. It draws what
// GET /api/changes answered; Undo is the host's (an action), which reloads what shows the change.
import type { Change } from '../../../contract/sources';
import { h } from '../dom';
import type { Lang } from '../i18n';
import { st } from './sources-texts';

/** An element as the history keeps it, its bookkeeping (`_version`, source lists) left out. */
function shown(element: unknown): string {
  if (element === null || element === undefined) return '—';
  const e = element as { props?: Record<string, unknown>; type?: string; label?: string };
  const props = Object.fromEntries(
    Object.entries(e.props ?? {}).filter(([k]) => !k.startsWith('_') && !k.startsWith('source')),
  );
  return JSON.stringify({
    ...(e.label ? { label: e.label } : {}),
    ...(e.type ? { type: e.type } : {}),
    ...props,
  });
}

export function changeHistory(
  changes: readonly Change[],
  lang: Lang,
  undo: (change: Change) => void,
  id: string,
): HTMLElement {
  if (!changes.length)
    return h('div', { id, class: 'change-history' }, h('p', { class: 'muted' }, st('noHistory', lang)));
  return h(
    'ol',
    { id, class: 'change-history' },
    ...changes.map((c) => {
      const befores = (c.before as unknown[] | undefined) ?? [];
      const afters = (c.after as unknown[] | undefined) ?? [];
      const undoButton = c.undoneBy
        ? h('span', { class: 'muted' }, ` (${st('undoneBy', lang)})`)
        : h('button', { type: 'button', class: 'change-undo' }, st('undo', lang));
      if (undoButton instanceof HTMLButtonElement) undoButton.addEventListener('click', () => undo(c));
      return h(
        'li',
        { 'data-change': c.id, 'data-action': c.action },
        h('span', { class: 'change-when' }, `${c.at.slice(0, 19).replace('T', ' ')} · ${c.who} · `),
        h('span', { class: 'change-summary' }, c.summary),
        ' ',
        undoButton,
        h(
          'details',
          {},
          h('summary', {}, `${st('before', lang)} / ${st('after', lang)}`),
          ...befores.map((b, i) =>
            h('p', { class: 'change-diff' }, h('code', {}, shown(b)), ' → ', h('code', {}, shown(afters[i]))),
          ),
        ),
      );
    }),
  );
}
