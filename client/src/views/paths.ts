// Owns the path finder's answer line (#path-result): what the last search for paths found.
import { byId } from '../dom';
import { t, type Lang } from '../i18n';
import type { State } from '../store';

export function renderPathResult(paths: State['paths'], lang: Lang): void {
  const out = byId('path-result');
  switch (paths.status) {
    case 'idle':
      out.textContent = '';
      return;
    case 'loading':
      out.textContent = t('loading', lang);
      return;
    case 'none':
      out.textContent = t('noPath', lang);
      return;
    case 'error':
      out.textContent = paths.message;
      return;
    case 'found':
      out.textContent = `${paths.lengths.length} ${t('pathsFound', lang)} · ${paths.lengths.join(', ')}`;
  }
}
