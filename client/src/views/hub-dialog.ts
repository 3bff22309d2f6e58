// Owns the dialog that offers a hub's neighbour summary (state.hub) when an expansion would bring
// more neighbours than a page: it shows the picker (hub-picker.ts) and hands the choice to the
// pickHub action; Esc or Close leaves the hub as it is. It renders only when state.hub changes.
import { h } from '../dom';
import { interfaceLang, type Lang } from '../i18n';
import { relationshipNamer, typeNamer } from '../schema-names';
import type { State } from '../store';
import { renderHubPicker, type HubPick } from './hub-picker';

export interface HubDialogActions {
  pickHub: (choice: HubPick) => unknown;
  dismissHub: () => unknown;
}

const closeText = (lang: Lang) => (interfaceLang(lang) === 'zh' ? '关闭' : 'Close');

/** Returns the view's render function: call it with the state whenever `hub`, `lang` or `schema` change. */
export function setupHubDialog(actions: HubDialogActions, pageSize: () => number) {
  let dialog: HTMLDialogElement | undefined;
  /** Closed by the app (a pick or a new expansion), not by the analyst: no dismiss action. */
  let closingForState = false;

  const close = () => {
    if (!dialog) return;
    closingForState = true;
    dialog.close();
    dialog.remove();
    dialog = undefined;
    closingForState = false;
  };

  return (state: Pick<State, 'hub' | 'lang' | 'schema'>): void => {
    close();
    const { hub, lang, schema } = state;
    if (!hub) return;
    const picker = renderHubPicker(hub.summary, {
      lang,
      pageSize: pageSize(),
      typeName: typeNamer(schema, lang),
      relName: relationshipNamer(schema, lang),
      onPick: (choice) => void actions.pickHub(choice),
    });
    const closeButton = h('button', { type: 'button', class: 'hub-close' }, closeText(lang));
    closeButton.addEventListener('click', () => void actions.dismissHub());
    const opened = h(
      'dialog',
      { id: 'hub-dialog', class: 'hub-dialog', 'aria-label': picker.getAttribute('aria-label') ?? '' },
      picker,
      closeButton,
    );
    opened.addEventListener('close', () => {
      if (!closingForState) void actions.dismissHub();
    });
    document.body.append(opened);
    opened.showModal();
    opened.querySelector<HTMLButtonElement>('button.hub-pick')?.focus();
    dialog = opened;
  };
}
