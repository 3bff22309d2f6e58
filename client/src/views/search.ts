// Search with autocomplete: an ARIA combobox over /api/search/all, results grouped by kind.
import type { EntityHit, FigureHit, GroupedSearchResponse, SentenceHit } from '../../../contract/types';
import { call } from '../api';
import { byId, debounce, h } from '../dom';
import { pick, t } from '../i18n';
import type { Store } from '../store';
import { typeNamer } from '../schema-names';

export interface SearchActions {
  /** Shows an entity on the canvas and selects it; `figure` is highlighted in its details. */
  openEntity(id: string, figure?: string): void;
  /** Puts these entities (and the links among them) on the canvas. */
  bringOntoCanvas(ids: string[]): void;
}

/** One choosable row: every option, whatever its group, is reached by the same arrow keys. */
interface Option {
  element: HTMLLIElement;
  choose(): void;
}

const PER_KIND = 8;

/** The entities a sentence's chips stand for: a relationship brings both ends, a figure its entity. */
export function sentenceEntityIds(hit: SentenceHit): string[] {
  const { entities, relationships, figures } = hit.quotedBy;
  return [
    ...new Set([
      ...entities.map((e) => e.id),
      ...relationships.flatMap((r) => [r.source, r.target]),
      ...figures.map((f) => f.entityId),
    ]),
  ];
}

/** The sentence with each highlight in a <mark>. */
function highlighted(hit: SentenceHit): (Node | string)[] {
  const parts: (Node | string)[] = [];
  let at = 0;
  for (const [start, end] of hit.highlights) {
    parts.push(hit.text.slice(at, start), h('mark', {}, hit.text.slice(start, end)));
    at = end;
  }
  parts.push(hit.text.slice(at));
  return parts;
}

export function setupSearch(store: Store, actions: SearchActions): void {
  const input = byId<HTMLInputElement>('search-input');
  const list = byId<HTMLUListElement>('search-results');
  let answer: GroupedSearchResponse | undefined;
  let options: Option[] = [];
  let active = -1;
  let latest = 0;
  /** The entity last chosen from the list, whose name the box shows until the analyst types. */
  let chosen: { name: string; nameEn?: string; text: string } | undefined;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const highlight = (index: number) => {
    active = index;
    options.forEach((o, i) => o.element.setAttribute('aria-selected', String(i === index)));
    const current = options[index];
    if (current) {
      input.setAttribute('aria-activedescendant', current.element.id);
      current.element.scrollIntoView({ block: 'nearest' });
    }
  };
  const choose = (index: number) => {
    const option = options[index];
    if (!option) return;
    close();
    option.choose();
  };
  const option = (attrs: Record<string, string>, choice: () => void, ...children: (Node | string)[]) => {
    const index = options.length;
    const element = h(
      'li',
      { id: `search-option-${index}`, role: 'option', 'aria-selected': 'false', ...attrs },
      ...children,
    );
    element.addEventListener('mousedown', (event) => {
      event.preventDefault(); // keep focus in the input, so the list does not close on blur first
      choose(index);
    });
    options.push({ element, choose: choice });
    return element;
  };
  const group = (
    key: 'searchEntities' | 'searchFigures' | 'searchSentences',
    total: number,
    items: HTMLLIElement[],
  ) => {
    const lang = store.get().lang;
    const headingId = `search-group-${key}`;
    return h(
      'li',
      { role: 'presentation', class: 'search-group' },
      h('div', { id: headingId, class: 'search-group-heading' }, `${t(key, lang)} (${total})`),
      h('ul', { role: 'group', 'aria-labelledby': headingId }, ...items),
    );
  };

  const render = () => {
    const { lang, schema } = store.get();
    options = [];
    const typeName = typeNamer(schema, lang);
    const entityRow = (r: EntityHit) =>
      option(
        { 'data-kind': 'entity', 'data-id': r.id },
        () => {
          chosen = { name: r.name, nameEn: r.nameEn, text: pick(r.name, r.nameEn, lang) };
          input.value = chosen.text;
          actions.openEntity(r.id);
        },
        h('span', { class: 'result-name' }, r.name),
        h('span', { class: 'result-en' }, r.nameEn),
        h('span', { class: 'result-type' }, typeName(r.type)),
      );
    const figureRow = (f: FigureHit) => {
      const period = f.period
        ? pick(f.period.label ?? undefined, f.period.labelEn ?? undefined, lang)
        : (f.date ?? '');
      const value = `${f.value}${f.valueMax !== null ? `–${f.valueMax}` : ''} ${f.unitZh ?? f.unit}`;
      return option(
        { 'data-kind': 'figure', 'data-id': f.id },
        () => actions.openEntity(f.entity.id, f.id),
        h('span', { class: 'result-name' }, pick(f.measureZh ?? undefined, f.measure, lang)),
        h('span', { class: 'result-value' }, value),
        h('span', { class: 'result-en' }, `${pick(f.entity.name, f.entity.nameEn, lang)} · ${period}`),
      );
    };
    const sentenceRow = (s: SentenceHit) => {
      const ids = sentenceEntityIds(s);
      const chip = (label: string, chipIds: string[], kind: string) => {
        const element = h(
          'span',
          { class: `search-chip chip-${kind}`, 'data-ids': chipIds.join(',') },
          label,
        );
        element.addEventListener('mousedown', (event) => {
          event.preventDefault();
          event.stopPropagation(); // a chip brings its own element, not the whole sentence
          close();
          actions.bringOntoCanvas(chipIds);
        });
        return element;
      };
      const chips = [
        ...s.quotedBy.entities.map((e) => chip(pick(e.name, e.nameEn, lang), [e.id], 'entity')),
        ...s.quotedBy.relationships.map((r) => {
          const rel = schema?.relationshipTypes.find((x) => x.type === r.type);
          return chip(pick(rel?.nameZh, rel?.nameEn ?? r.type, lang), [r.source, r.target], 'relationship');
        }),
        ...s.quotedBy.figures.map((f) =>
          chip(pick(f.measureZh ?? undefined, f.measure, lang), [f.entityId], 'figure'),
        ),
      ];
      return option(
        { 'data-kind': 'sentence', title: ids.length ? t('searchBringAll', lang) : '' },
        () => actions.bringOntoCanvas(ids),
        h('span', { class: 'result-sentence' }, ...highlighted(s)),
        h(
          'span',
          { class: 'result-en' },
          `${pick(s.article.title, s.article.titleEn ?? undefined, lang)}${s.article.date ? ` · ${s.article.date}` : ''}`,
        ),
        chips.length
          ? h('span', { class: 'search-chips', 'aria-label': t('searchQuotedBy', lang) }, ...chips)
          : '',
      );
    };

    const groups: HTMLLIElement[] = [];
    const { entities, figures, sentences } = answer ?? {};
    if (entities?.results.length)
      groups.push(group('searchEntities', entities.total, entities.results.map(entityRow)));
    if (figures?.results.length)
      groups.push(group('searchFigures', figures.total, figures.results.map(figureRow)));
    if (sentences?.results.length)
      groups.push(group('searchSentences', sentences.total, sentences.results.map(sentenceRow)));
    list.replaceChildren(
      ...(groups.length
        ? groups
        : [h('li', { class: 'muted', role: 'option', 'aria-disabled': 'true' }, t('noResults', lang))]),
    );
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  };
  const run = debounce(async (text: string) => {
    const ticket = ++latest;
    if (!text.trim()) return close();
    try {
      const response = await call('searchAll', { query: { q: text, limit: PER_KIND } });
      if (ticket !== latest) return; // a newer keystroke won
      answer = response;
      active = -1;
      render();
    } catch {
      close();
    }
  }, 150);

  input.addEventListener('input', () => {
    chosen = undefined;
    run(input.value);
  });
  // A language switch names the chosen entity in the new language (the box would otherwise keep
  // "青岛市 · Qingdao" under an English interface) and words an open list anew.
  store.watch(
    (s) => [s.lang],
    (s) => {
      if (chosen && input.value === chosen.text) {
        chosen.text = pick(chosen.name, chosen.nameEn, s.lang);
        input.value = chosen.text;
      }
      if (!list.hidden && answer) render();
    },
  );
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (list.hidden) run(input.value);
      else highlight(Math.min(options.length - 1, active + 1));
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
