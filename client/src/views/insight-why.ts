// "Why are these two connected?": the shortest paths between the path finder's ends (or the two
// nodes selected last) as sentence chains, each hop with its source quote, drawn on the canvas.
import type { Bilingual, ExplainResponse } from '../../../contract/types';
import { api } from '../api';
import { h } from '../dom';
import { errorMessage } from '../errors';
import { pick, t, type Lang } from '../i18n';
import type { State } from '../store';
import { insightApi, type InsightDeps, type LoadState } from './insight-api';

/** A bilingual sentence as the language setting wants it: both languages on two lines. */
export function sentence(text: Bilingual, lang: Lang, className = ''): HTMLElement {
  if (lang !== 'both') return h('span', { class: className }, lang === 'zh' ? text.zh : text.en);
  return h(
    'span',
    { class: className },
    h('span', { lang: 'zh-Hans' }, text.zh),
    h('span', { class: 'insight-en', lang: 'en' }, text.en),
  );
}

export function setupWhy(deps: InsightDeps, container: HTMLElement) {
  const { store, canvas } = deps;
  const ends = h('p', { id: 'insight-why-ends', class: 'insight-ends' });
  const go = h('button', { type: 'button', id: 'insight-why-go', 'data-i18n': 'whyGo', disabled: true });
  const output = h('div', { id: 'insight-why-result', class: 'insight-why-result', 'aria-live': 'polite' });
  container.append(h('p', { class: 'muted', 'data-i18n': 'whyHint' }), ends, go, output);

  /** The two nodes selected last, newest second. */
  let recent: string[] = [];
  let result: LoadState<ExplainResponse> = { status: 'idle' };

  const nameOf = (id: string, lang: Lang) => {
    const node = canvas.dataOf(id);
    return node ? pick(node.name as string, node.nameEn as string, lang) : id;
  };

  /** The pair to explain: the path finder's ends, else two selected nodes, else the last two selected. */
  function pair(state: State): [string, string] | undefined {
    if (state.pathFrom && state.pathTo) return [state.pathFrom.id, state.pathTo.id];
    const selected = canvas.selectedIds('nodes');
    if (selected.length === 2) return [selected[0]!, selected[1]!];
    return recent.length === 2 ? [recent[0]!, recent[1]!] : undefined;
  }

  function renderEnds(state: State): void {
    const ids = pair(state);
    go.disabled = !ids || result.status === 'loading';
    ends.textContent = ids ? `${nameOf(ids[0], state.lang)} ↔ ${nameOf(ids[1], state.lang)}` : '—';
  }

  function renderResult(lang: Lang): void {
    if (result.status === 'idle') return output.replaceChildren();
    if (result.status === 'loading')
      return output.replaceChildren(h('p', { class: 'muted' }, t('loading', lang)));
    if (result.status === 'error') return output.replaceChildren(h('p', { class: 'error' }, result.message));
    const { paths } = result.value;
    if (!paths.length) return output.replaceChildren(h('p', { class: 'muted' }, t('noConnection', lang)));
    output.replaceChildren(
      h(
        'ol',
        { class: 'insight-paths' },
        ...paths.map((path) =>
          h(
            'li',
            { class: 'insight-path' },
            sentence(path.chain, lang, 'insight-chain'),
            h(
              'ol',
              { class: 'insight-hops' },
              ...path.hops.map((hop) => {
                // The hop's sentence quotes one source; the relationship may have more, each shown.
                const more = hop.relationship.sources.filter((s) => !hop.sentence.zh.includes(s.quote));
                return h(
                  'li',
                  { class: 'insight-hop' },
                  sentence(hop.sentence, lang),
                  more.length
                    ? h(
                        'ul',
                        { class: 'insight-hop-quotes' },
                        ...more.map((s) => h('li', {}, h('q', { class: 'insight-quote' }, s.quote))),
                      )
                    : '',
                );
              }),
            ),
          ),
        ),
      ),
    );
  }

  /** Puts the paths on the canvas (fetching what is missing) and highlights them. */
  async function draw(value: ExplainResponse): Promise<void> {
    const nodeIds = [
      ...new Set(value.paths.flatMap((p) => p.hops.flatMap((hop) => [hop.from.id, hop.to.id]))),
    ];
    const edgeIds = value.paths.flatMap((p) => p.hops.map((hop) => hop.relationship.id));
    if (!nodeIds.length) return;
    if ([...nodeIds, ...edgeIds].some((id) => !canvas.has(id))) {
      const { elements } = await api.subgraph(nodeIds);
      await canvas.add(elements);
    }
    canvas.highlight([...nodeIds, ...edgeIds], { fit: true });
  }

  go.addEventListener('click', async () => {
    const ids = pair(store.get());
    if (!ids) return;
    result = { status: 'loading' };
    renderEnds(store.get());
    renderResult(store.get().lang);
    try {
      const value = await insightApi.explain(ids[0], ids[1]);
      result = { status: 'ready', value };
      await draw(value);
    } catch (error) {
      result = { status: 'error', message: errorMessage(error, store.get().lang) };
    }
    renderEnds(store.get());
    renderResult(store.get().lang);
  });

  // Selecting several nodes with the box or modifier keys changes the pair without a store change.
  canvas.onNodeSelectionChange(() => renderEnds(store.get()));

  return {
    render(state: State, previous?: State): void {
      const selected = state.selection?.kind === 'node' ? state.selection.id : undefined;
      if (selected && selected !== recent[recent.length - 1]) recent = [...recent, selected].slice(-2);
      renderEnds(state);
      if (!previous || state.lang !== previous.lang) renderResult(state.lang);
    },
  };
}
