// Element labels in the chosen language (中文, English or both), kept in each element's data so
// that setting them before an element is added costs no restyle afterwards, with the places a label
// may wrap: between words and between Chinese characters, never inside a word ("Trad/e Zone").
import type { Core } from 'cytoscape';
import type { SchemaInfo } from '../../../contract/types';
import { pick, type Lang } from '../i18n';

/** Han characters, CJK punctuation and full-width forms: Chinese text may wrap between any two. */
const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/u;
const ZERO_WIDTH_SPACE = '\u200b';

/**
 * The label with a zero-width space between adjacent Chinese characters. Cytoscape wraps only at
 * white space and zero-width spaces ('text-overflow-wrap: whitespace'), so English words stay whole
 * while Chinese names, which have no spaces, can still wrap.
 */
export function wrapPoints(text: string): string {
  let out = '';
  const chars = [...text];
  chars.forEach((ch, i) => {
    out += ch;
    const next = chars[i + 1];
    if (next && CJK.test(ch) && CJK.test(next)) out += ZERO_WIDTH_SPACE;
  });
  return out;
}

export class Labels {
  private relNames = new Map<string, { zh?: string; en?: string }>();
  lang: Lang = 'both';

  setSchema(schema: SchemaInfo): void {
    this.relNames = new Map(schema.relationshipTypes.map((r) => [r.type, { zh: r.nameZh, en: r.nameEn }]));
  }

  /** A node's name, and "+N" under it when N of its relationships are not on the canvas. */
  node(data: Record<string, unknown>): string {
    const name = wrapPoints(pick(data.name as string, data.nameEn as string, this.lang, '\n'));
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
