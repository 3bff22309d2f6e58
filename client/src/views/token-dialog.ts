// Owns asking for the explorer token when the server refuses a write with 401 (a server started
// with EXPLORER_TOKEN). One dialog at a time: saves that fail together share it.
import { t } from '../i18n';
import type { Store } from '../store';
import { askText } from './ask-dialog';

export function tokenDialog(store: Store): (retry: boolean) => Promise<string | undefined> {
  let open: Promise<string | undefined> | undefined;
  return (retry) => {
    const lang = store.get().lang;
    open ??= askText({
      id: 'token',
      type: 'password',
      title: t('tokenTitle', lang),
      help: t('tokenHelp', lang),
      label: t('tokenLabel', lang),
      ...(retry ? { error: t('tokenRefused', lang) } : {}),
      ok: t('tokenSave', lang),
      cancel: t('cancel', lang),
    }).finally(() => (open = undefined));
    return open;
  };
}
