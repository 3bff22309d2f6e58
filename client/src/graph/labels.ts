// Element labels in the chosen language (中文, English or both), kept in each element's data so
// that setting them before an element is added costs no restyle afterwards.
import type { Core } from 'cytoscape';
import type { SchemaInfo } from '../../../contract/types';
import { pick, type Lang } from '../i18n';

export class Labels {
  private relNames = new Map<string, { zh?: string; en?: string }>();
  lang: Lang = 'both';

  setSchema(schema: SchemaInfo): void {
    this.relNames = new Map(schema.relationshipTypes.map((r) => [r.type, { zh: r.nameZh, en: r.nameEn }]));
  }

  /** A node's name, and "+N" under it when N of its relationships are not on the canvas. */
  node(data: Record<string, unknown>): string {
    const name = pick(data.name as string, data.nameEn as string, this.lang, '\n');
    const more = Number(data.more ?? 0);
    return more > 0 ? `${name}\n+${more.toLocaleString('en')}` : name;
  }

  edge(data: Record<string, unknown>): string {
    const type = data.type as string;
    const names = this.relNames.get(type);
    return names ? pick(names.zh, names.en ?? type, this.lang, ' / ') : type;
  }

  /** Sets labels that changed (a data change restyles the element: skip those that did not). */
  apply(cy: Core): void {
    cy.batch(() => {
      cy.nodes().forEach((n) => {
        const label = this.node(n.data() as Record<string, unknown>);
        if (n.data('label') !== label) n.data('label', label);
      });
      cy.edges().forEach((e) => {
        const label = this.edge(e.data() as Record<string, unknown>);
        if (e.data('label') !== label) e.data('label', label);
      });
    });
  }
}
