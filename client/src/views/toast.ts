// The toast: "Removed 〈name〉 · Undo" after a removal, in the interface language. It shows only while
// the removal is the canvas's latest step, so its Undo never takes back something newer.
import { byId, h } from '../dom';
import { t } from '../i18n';
import type { GraphCanvas } from '../graph/canvas';
import type { Store } from '../store';

export function renderToast(store: Store, canvas: GraphCanvas, undo: () => void): void {
  const box = byId('toast');
  const { toast, lang } = store.get();
  const current = toast && toast.historySteps === canvas.historySteps ? toast : undefined;
  if (!current) {
    // Emptied, not hidden: a status region must stay in the page for what it says next to be read out.
    box.replaceChildren();
    return;
  }
  const button = h(
    'button',
    { type: 'button', class: 'toast-undo', title: t('undoHint', lang) },
    t('undo', lang),
  );
  button.addEventListener('click', undo);
  box.replaceChildren(
    h('span', { class: 'toast-text' }, `${t('removed', lang)} `, h('strong', {}, current.name)),
    h('span', { 'aria-hidden': 'true' }, ' · '),
    button,
  );
}
