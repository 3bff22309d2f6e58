// Owns the dialog that asks for the explorer token when the server refuses a write with 401 (a
// server started with EXPLORER_TOKEN). One dialog at a time: saves that fail together share it.
import { h } from '../dom';
import { t } from '../i18n';
import type { Store } from '../store';

export function tokenDialog(store: Store): (retry: boolean) => Promise<string | undefined> {
  let open: Promise<string | undefined> | undefined;
  return (retry) => {
    open ??= ask(store, retry).finally(() => (open = undefined));
    return open;
  };
}

function ask(store: Store, retry: boolean): Promise<string | undefined> {
  const lang = store.get().lang;
  const input = h('input', {
    type: 'password',
    id: 'token-input',
    autocomplete: 'off',
    'aria-describedby': 'token-help',
    required: true,
  });
  const dialog = h(
    'dialog',
    { id: 'token-dialog', 'aria-labelledby': 'token-title' },
    h(
      'form',
      { method: 'dialog' },
      h('h2', { id: 'token-title' }, t('tokenTitle', lang)),
      retry ? h('p', { class: 'error', role: 'alert', id: 'token-refused' }, t('tokenRefused', lang)) : '',
      h('p', { id: 'token-help' }, t('tokenHelp', lang)),
      h('label', { for: 'token-input' }, t('tokenLabel', lang)),
      input,
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', value: 'ok', id: 'token-ok' }, t('tokenSave', lang)),
        h('button', { type: 'submit', value: 'cancel', formnovalidate: true }, t('cancel', lang)),
      ),
    ),
  );
  document.body.append(dialog);
  dialog.showModal();
  input.focus();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      const token = dialog.returnValue === 'ok' ? input.value.trim() : '';
      dialog.remove();
      resolve(token || undefined);
    });
  });
}
