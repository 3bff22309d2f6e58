// The legend: entity and relationship types with counts; clicking one shows or hides it.
import { h, byId } from '../dom';
import { pick, t } from '../i18n';
import { colourFor, glyphElement } from '../graph/palette';
import type { Store } from '../store';
import type { GraphCanvas } from '../graph/canvas';

export function renderLegend(store: Store, canvas: GraphCanvas): void {
  const { schema, lang, hiddenTypes, hiddenRelTypes } = store.get();
  const legend = byId('legend');
  const relLegend = byId('rel-legend');
  if (!schema) return;
  const onCanvas = new Map<string, number>();
  for (const { data } of canvas.nodes()) {
    onCanvas.set(data.type as string, (onCanvas.get(data.type as string) ?? 0) + 1);
  }
  const relOnCanvas = new Map<string, number>();
  for (const { data } of canvas.edges()) {
    relOnCanvas.set(data.type as string, (relOnCanvas.get(data.type as string) ?? 0) + 1);
  }

  legend.replaceChildren(
    ...schema.labels.map((type) => {
      const hidden = hiddenTypes.has(type.label);
      const button = h(
        'button',
        {
          type: 'button',
          class: `legend-item${hidden ? ' off' : ''}`,
          'aria-pressed': String(!hidden),
          'data-type': type.label,
          title: type.description ?? type.label,
        },
        glyphElement(type.label, colourFor(type.label, type.color)),
        h('span', { class: 'legend-name' }, pick(type.nameZh, type.nameEn ?? type.label, lang)),
        h(
          'span',
          { class: 'count', title: `${onCanvas.get(type.label) ?? 0} / ${type.count}` },
          `${onCanvas.get(type.label) ?? 0}/${type.count}`,
        ),
      );
      button.addEventListener('click', () => {
        const next = new Set(store.get().hiddenTypes);
        if (next.has(type.label)) next.delete(type.label);
        else next.add(type.label);
        store.set({ hiddenTypes: next });
      });
      return h('li', {}, button);
    }),
  );
  relLegend.replaceChildren(
    ...schema.relationshipTypes.map((rel) => {
      const hidden = hiddenRelTypes.has(rel.type);
      const button = h(
        'button',
        {
          type: 'button',
          class: `legend-item${hidden ? ' off' : ''}`,
          'aria-pressed': String(!hidden),
          'data-rel-type': rel.type,
          title: rel.description ?? rel.type,
        },
        h('span', { class: 'legend-name' }, pick(rel.nameZh, rel.nameEn ?? rel.type, lang)),
        h('span', { class: 'count' }, `${relOnCanvas.get(rel.type) ?? 0}/${rel.count}`),
      );
      button.addEventListener('click', () => {
        const next = new Set(store.get().hiddenRelTypes);
        if (next.has(rel.type)) next.delete(rel.type);
        else next.add(rel.type);
        store.set({ hiddenRelTypes: next });
      });
      return h('li', {}, button);
    }),
  );
  const stats = byId('graph-stats');
  stats.textContent = `${t('nodes', lang)}: ${canvas.shownNodes().length} · ${t('edges', lang)}: ${canvas.shownEdges().length}`;
}
