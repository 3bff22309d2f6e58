// Owns the hover card over the canvas: a node's name(s), type (glyph and name), its relationships
// and one line of provenance, for the node in `state.hover` (the pointer rested on it, or the
// keyboard moved to it). The delay before it shows is the intent's (main.ts), not this view's.
import { byId, h } from '../dom';
import type { GraphCanvas } from '../graph/canvas';
import { colourFor, glyphElement } from '../graph/palette';
import { pick, t } from '../i18n';
import { refOf, sourcesFor } from '../sources';
import type { State, Store } from '../store';

export function setupHoverCard(store: Store, canvas: GraphCanvas): void {
  const card = byId('hover-card');
  /** Which hover the provenance line being fetched belongs to: a later one must not get it. */
  let ticket = 0;
  const render = (state: State) => {
    const hover = state.hover;
    const data = hover && canvas.dataOf(hover.id);
    const place = hover && canvas.renderedPlaceOf(hover.id);
    if (!hover || !data || !place || canvas.isEdge(hover.id)) {
      card.hidden = true;
      card.replaceChildren();
      return;
    }
    const { lang, schema } = state;
    const type = String(data.type);
    const info = schema?.labels.find((l) => l.label === type);
    const onCanvas = canvas.edgeCountOf(hover.id);
    const offCanvas = Number(data.more ?? 0);
    const provenance = h('p', { class: 'hover-source muted' }, t('loading', lang));
    const mine = ++ticket;
    sourcesFor([refOf(data)]).then(
      (found) => {
        if (mine !== ticket) return;
        const first = found.get(hover.id)?.[0];
        provenance.textContent = first
          ? `${t('hoverSource', lang)}: ${first.quote}`
          : t('hoverNoSource', lang);
      },
      () => {
        if (mine === ticket) provenance.textContent = t('hoverNoSource', lang);
      },
    );
    const nameEn = typeof data.nameEn === 'string' && data.nameEn !== data.name ? data.nameEn : '';
    card.replaceChildren(
      h('p', { class: 'hover-name', lang: 'zh-Hans' }, String(data.name ?? hover.id)),
      nameEn ? h('p', { class: 'hover-name-en', lang: 'en' }, nameEn) : '',
      h(
        'p',
        { class: 'hover-type' },
        glyphElement(type, colourFor(type, info?.color)),
        pick(info?.nameZh, info?.nameEn ?? type, lang),
        ` · ${onCanvas + offCanvas} ${t('hoverDegree', lang)}`,
      ),
      provenance,
    );
    card.dataset.id = hover.id;
    card.dataset.via = hover.via;
    card.hidden = false;
    // The keyboard's card sits in the canvas's corner: the view is still moving to the node.
    if (hover.via === 'keyboard') {
      card.style.left = '8px';
      card.style.top = '8px';
      return;
    }
    // Beside the node, flipped to its left when it would leave the canvas.
    const { width, height } = canvas.viewportSize();
    const box = card.getBoundingClientRect();
    const gap = place.radius + 8;
    const left = place.x + gap + box.width > width ? place.x - gap - box.width : place.x + gap;
    const top = Math.min(Math.max(4, place.y - box.height / 2), height - box.height - 4);
    card.style.left = `${Math.max(4, left)}px`;
    card.style.top = `${Math.max(4, top)}px`;
  };
  store.watch((s) => [s.hover, s.lang, s.schema], render);
}
