// Owns the field that picks an entity by search (a relationship's end, the other entity of a
// merge): typed words go to GET /api/search, a result (or one of the sentence's suggested
// entities) is chosen with a click. The chosen id is a hidden field and its name a read-only one,
// both named, so a re-render's draft (form-fields.ts readDraft) keeps the choice like typed text.
import { call } from '../api';
import { h } from '../dom';
import type { Lang } from '../i18n';
import { formField } from './form-fields';
import { st } from './sources-texts';

export interface Pickable {
  id: string;
  name: string;
}

/** Results shown per search; the analyst types more to narrow. */
const RESULTS = 8;

/**
 * A labelled picker whose id field is `name` (the request field, so a refusal naming it shows
 * beside it). `changed` runs after each choice.
 */
export function entityPicker(
  name: string,
  label: string,
  lang: Lang,
  options: { chosen?: Pickable; suggestions?: Pickable[]; changed?: () => void } = {},
): HTMLElement {
  const initial = options.chosen?.id ?? '';
  const id = h('input', { type: 'hidden', name, value: initial, 'data-initial': initial });
  const chosen = h('input', {
    name: `${name}Chosen`,
    class: 'picker-chosen',
    readonly: true,
    placeholder: st('noneChosen', lang),
    value: options.chosen?.name ?? '',
  });
  const search = h('input', {
    name: `${name}Search`,
    class: 'picker-search',
    type: 'search',
    autocomplete: 'off',
    placeholder: st('searchEnd', lang),
  });
  const results = h('ul', { class: 'picker-results' });
  const choose = (entity: Pickable) => {
    id.value = entity.id;
    chosen.value = entity.name;
    search.value = '';
    results.replaceChildren();
    options.changed?.();
  };
  const option = (entity: Pickable, cls: string) => {
    const button = h('button', { type: 'button', class: cls, 'data-id': entity.id }, entity.name);
    button.addEventListener('click', () => choose(entity));
    return button;
  };
  // Answers can come back out of order; only the latest search's is shown.
  let asked = 0;
  search.addEventListener('input', async () => {
    const q = search.value.trim();
    const mine = ++asked;
    if (!q) {
      results.replaceChildren();
      return;
    }
    try {
      const { results: found } = await call('search', { query: { q, limit: RESULTS } });
      if (mine !== asked) return;
      results.replaceChildren(
        ...found.map((r) =>
          h(
            'li',
            {},
            option({ id: r.id, name: r.nameEn ? `${r.name} · ${r.nameEn}` : r.name }, 'picker-result'),
          ),
        ),
      );
    } catch {
      // A failed search shows nothing; the analyst types again, and the write names the field.
      if (mine === asked) results.replaceChildren();
    }
  });
  const suggestions = options.suggestions?.length
    ? h(
        'span',
        { class: 'picker-suggestions' },
        ...options.suggestions.map((s) => option(s, 'picker-suggestion')),
      )
    : '';
  const field = formField(
    name,
    label,
    h('span', { class: 'picker' }, id, chosen, suggestions, search, results),
  );
  return field;
}
