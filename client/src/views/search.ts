// Search with autocomplete: an ARIA combobox over /api/search.
import type { SearchResult } from '../../../contract/types';
import { api } from '../api';
import { byId, debounce, h } from '../dom';
import { pick, t } from '../i18n';
import type { Store } from '../store';

export function setupSearch(store: Store, onChoose: (result: SearchResult) => void): void {
  const input = byId<HTMLInputElement>('search-input');
  const list = byId<HTMLUListElement>('search-results');
  let results: SearchResult[] = [];
  let active = -1;
  let latest = 0;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const highlight = (index: number) => {
    active = index;
    list.querySelectorAll('li').forEach((li, i) => li.setAttribute('aria-selected', String(i === index)));
    if (index >= 0) input.setAttribute('aria-activedescendant', `search-option-${index}`);
  };
  const choose = (index: number) => {
    const result = results[index];
    if (!result) return;
    close();
    input.value = pick(result.name, result.nameEn, store.get().lang);
    onChoose(result);
  };
  const render = () => {
    const { lang, schema } = store.get();
    list.replaceChildren(
      ...(results.length
        ? results.map((r, i) => {
            const type = schema?.labels.find((l) => l.label === r.type);
            const li = h(
              'li',
              { id: `search-option-${i}`, role: 'option', 'aria-selected': 'false', 'data-id': r.id },
              h('span', { class: 'result-name' }, r.name),
              h('span', { class: 'result-en' }, r.nameEn),
              h('span', { class: 'result-type' }, pick(type?.nameZh, type?.nameEn ?? r.type, lang)),
            );
            li.addEventListener('mousedown', (event) => {
              event.preventDefault();
              choose(i);
            });
            return li;
          })
        : [h('li', { class: 'muted', role: 'option', 'aria-disabled': 'true' }, t('noResults', lang))]),
    );
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  };
  const run = debounce(async (text: string) => {
    const ticket = ++latest;
    if (!text.trim()) return close();
    try {
      const response = await api.search(text);
      if (ticket !== latest) return; // a newer keystroke won
      results = response.results;
      active = -1;
      render();
    } catch {
      close();
    }
  }, 150);

  input.addEventListener('input', () => run(input.value));
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (list.hidden) run(input.value);
      else highlight(Math.min(results.length - 1, active + 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      highlight(Math.max(0, active - 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(active >= 0 ? active : 0);
    } else if (event.key === 'Escape') {
      close();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
}
