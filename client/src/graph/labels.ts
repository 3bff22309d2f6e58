// Element labels in the chosen language (中文, English or both), kept in each element's data so
// that setting them before an element is added costs no restyle afterwards, with the places a label
// may wrap: between words and between Chinese characters, never inside a word ("Trad/e Zone").
// In a large graph only labels that are drawn are kept current (see `drawnOnly`).
import type { Collection, Core, SingularElementArgument } from 'cytoscape';
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

/** The elements whose label the style sheet draws at the level of detail (style.ts, large rules). */
const DRAWN_LABELS = '.labelled, .landmark, :selected';

export class Labels {
  private relNames = new Map<string, { zh?: string; en?: string }>();
  lang: Lang = 'both';
  /**
   * At the level of detail the style sheet draws labels only for labelled, landmark and selected
   * elements; setting the other 20k labels on a language switch restyles every element (seconds).
   * Then `apply` sets the drawn ones, and whoever draws another label calls `freshen` first.
   */
  drawnOnly = false;

  constructor(cy: Core) {
    // A selected element's label is drawn at once (style.ts): current before that frame.
    cy.on('select', (event) => {
      if (this.drawnOnly) this.freshen(event.target as SingularElementArgument);
    });
  }

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

  /** The label an element should carry now (in the current language, with its "+N"). */
  of(el: SingularElementArgument): string {
    const data = el.data() as Record<string, unknown>;
    return el.isNode() ? this.node(data) : this.edge(data);
  }

  /** Sets labels that changed, of every element or, with `drawnOnly`, of those drawn. */
  apply(cy: Core): void {
    cy.batch(() => this.freshen(this.drawnOnly ? cy.$(DRAWN_LABELS) : cy.elements()));
  }

  /** Brings these elements' labels up to date (a data change restyles: skip those that match). */
  freshen(elements: Collection | SingularElementArgument): void {
    elements.forEach((el: SingularElementArgument) => {
      const label = this.of(el);
      if (el.data('label') !== label) el.data('label', label);
    });
  }
}
