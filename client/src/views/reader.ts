// Owns the article reader: an article's paragraphs sentence by sentence, every sentence that backs
// a fact marked (what it backs in its title and in the side list), and the forms that make a fact
// from a sentence — a new entity from selected words, a new figure from a candidate chip. The
// writes go through api.ts `call` (so the token dialog answers a 401); what they change comes
// back by reloading the reading, never by patching the page.
import type { ReadingAnswer } from '../../../contract/sources';
import { call } from '../api';
import { h } from '../dom';
import type { Lang } from '../i18n';
import { figureCandidates, type FigureCandidate } from './figure-candidates';
import { clearFormErrors, formErrorLine, formField, showFormError } from './form-fields';
import { st } from './sources-texts';

type ReadSentence = ReadingAnswer['sentences'][number];

export interface ReaderHost {
  lang: () => Lang;
  /** Brings an entity onto the canvas (the `focus` action). */
  focusEntity: (id: string) => unknown;
  back: () => void;
}

/** A reader form's Create and Cancel buttons. */
const formButtons = (lang: Lang) =>
  h(
    'div',
    { class: 'reader-form-buttons' },
    h('button', { type: 'submit' }, st('create', lang)),
    h('button', { type: 'button', class: 'reader-cancel' }, st('cancel', lang)),
  );

export class Reader {
  private reading: ReadingAnswer | undefined;
  private form: HTMLElement | undefined;
  private created: { id: string; name: string } | undefined;

  constructor(
    readonly root: HTMLElement,
    private readonly host: ReaderHost,
  ) {}

  async open(articleId: string): Promise<void> {
    this.reading = await call('getReading', { params: { id: articleId } });
    this.render();
  }

  get articleId(): string | undefined {
    return this.reading?.article.id;
  }

  render(): void {
    const reading = this.reading;
    if (!reading) return;
    const lang = this.host.lang();
    const paragraphs = new Map<number, ReadSentence[]>();
    for (const s of reading.sentences) {
      const list = paragraphs.get(s.paragraph) ?? [];
      list.push(s);
      paragraphs.set(s.paragraph, list);
    }
    const text = h('div', { class: 'reader-text' });
    for (const sentences of paragraphs.values()) {
      const p = h('p');
      for (const s of sentences) p.append(this.sentenceEl(s, lang), ' ');
      text.append(p);
    }
    text.addEventListener('mouseup', () => this.onSelect());
    const backs = reading.sentences.flatMap((s) => s.backs.map((b) => ({ ...b, sentence: s.start })));
    const side = h(
      'aside',
      { class: 'reader-backs' },
      h('h4', {}, st('backs', lang)),
      backs.length
        ? h(
            'ul',
            {},
            ...backs.map((b) =>
              h(
                'li',
                { 'data-kind': b.kind, 'data-id': b.id },
                b.kind === 'entity'
                  ? h('button', { type: 'button', class: 'link-button' }, b.label)
                  : `${b.label}`,
              ),
            ),
          )
        : h('p', { class: 'muted' }, st('nothingBacked', lang)),
    );
    side.querySelectorAll<HTMLElement>('li[data-kind="entity"] button').forEach((button) =>
      button.addEventListener('click', () => {
        const id = button.parentElement?.dataset.id;
        if (id) void this.host.focusEntity(id);
      }),
    );
    const back = h('button', { type: 'button', class: 'reader-back' }, st('back', lang));
    back.addEventListener('click', () => this.host.back());
    const article = reading.article;
    this.root.replaceChildren(
      back,
      h('h3', { class: 'reader-title' }, article.title),
      h('p', { class: 'muted' }, [article.publisher, article.date].filter(Boolean).join(' · ')),
      h('p', { class: 'muted reader-hint' }, st('selectHint', lang)),
      this.createdEl(lang) ?? '',
      h('div', { class: 'reader-body' }, text, side),
    );
    this.form = undefined;
  }

  private sentenceEl(s: ReadSentence, lang: Lang): HTMLElement {
    const el = h('span', { class: 'sentence', 'data-start': String(s.start) }, s.text);
    if (s.backs.length) {
      el.classList.add('backed');
      el.dataset.backs = s.backs.map((b) => b.id).join(' ');
      el.title = s.backs.map((b) => `${b.kind}: ${b.label}`).join('\n');
    }
    const chips = figureCandidates(s.text);
    if (chips.length) {
      const box = h('span', { class: 'figure-chips', title: st('candidates', lang) });
      for (const c of chips) {
        const chip = h('button', { type: 'button', class: 'figure-chip' }, c.text);
        chip.addEventListener('click', () => this.showFigureForm(s, c));
        box.append(chip);
      }
      el.append(box);
    }
    return el;
  }

  private createdEl(lang: Lang): HTMLElement | undefined {
    const created = this.created;
    if (!created) return undefined;
    const go = h('button', { type: 'button', id: 'reader-bring' }, st('onCanvas', lang));
    go.addEventListener('click', () => void this.host.focusEntity(created.id));
    return h(
      'p',
      { class: 'reader-created', 'data-id': created.id },
      `${st('created', lang)}: ${created.name} `,
      go,
    );
  }

  /** The sentence that holds the whole selection, or none (a selection across sentences makes no fact). */
  private onSelect(): void {
    const selection = document.getSelection();
    const words = selection?.toString().trim();
    if (!selection || !words || selection.rangeCount === 0) return;
    const range = selection.getRangeAt(0);
    const sentenceOf = (node: Node | null) =>
      (node instanceof Element ? node : node?.parentElement)?.closest<HTMLElement>('.sentence');
    const start = sentenceOf(range.startContainer);
    if (!start || start !== sentenceOf(range.endContainer)) return;
    const sentence = this.reading?.sentences.find((s) => String(s.start) === start.dataset.start);
    if (sentence) this.showEntityForm(sentence, words);
  }

  private quoteOf(sentence: ReadSentence, words: string) {
    // A quote is at most 500 characters: a longer sentence is quoted by the selected words.
    const quote = sentence.text.length <= 500 ? sentence.text : words;
    return { article: this.reading?.article.id ?? '', quote };
  }

  private showEntityForm(sentence: ReadSentence, words: string): void {
    const lang = this.host.lang();
    const types = this.reading?.nodeTypes ?? [];
    const type = h('input', { name: 'type', list: 'reader-types', required: true, value: types[0]?.label });
    const form = h(
      'form',
      { class: 'reader-form', id: 'reader-entity-form' },
      h('h4', {}, st('newEntity', lang)),
      h('blockquote', {}, sentence.text),
      formField('type', st('type', lang), type),
      h(
        'datalist',
        { id: 'reader-types' },
        ...types.map((t) =>
          h('option', { value: t.label }, [t.nameZh, t.nameEn].filter(Boolean).join(' · ')),
        ),
      ),
      formField('name', st('name', lang), h('input', { name: 'name', required: true, value: words })),
      formField('nameEn', st('nameEn', lang), h('input', { name: 'nameEn', required: true })),
      formErrorLine(),
      formButtons(lang),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const typeName = String(data.get('type') ?? '').trim();
      const declared = types.some((t) => t.label === typeName);
      void this.submit(form, async () => {
        const answer = await call('createEntity', {
          body: {
            type: typeName,
            ...(declared ? {} : { declareType: { nameEn: typeName } }),
            name: String(data.get('name') ?? ''),
            nameEn: String(data.get('nameEn') ?? ''),
            aliases: [],
            properties: {},
            source: this.quoteOf(sentence, words),
          },
        });
        this.created = { id: answer.entity.id, name: answer.entity.name };
      });
    });
    this.showForm(form);
  }

  private showFigureForm(sentence: ReadSentence, c: FigureCandidate): void {
    const lang = this.host.lang();
    const entities = sentence.backs.filter((b) => b.kind === 'entity');
    const form = h(
      'form',
      { class: 'reader-form', id: 'reader-figure-form' },
      h('h4', {}, st('newFigure', lang)),
      h('blockquote', {}, sentence.text),
      formField(
        'entity',
        st('entity', lang),
        h(
          'select',
          { name: 'entity' },
          ...entities.map((b) => h('option', { value: b.id }, b.label)),
          ...(this.created && !entities.some((b) => b.id === this.created?.id)
            ? [h('option', { value: this.created.id }, this.created.name)]
            : []),
        ),
      ),
      formField('measureZh', st('measureZh', lang), h('input', { name: 'measureZh' })),
      formField('measure', st('measure', lang), h('input', { name: 'measure', required: true })),
      formField(
        'value',
        st('value', lang),
        h('input', { name: 'value', value: String(c.value), inputmode: 'decimal' }),
      ),
      formField('unitZh', st('unitZh', lang), h('input', { name: 'unitZh', value: c.unitZh })),
      formField('unit', st('unit', lang), h('input', { name: 'unit', value: c.unit, required: true })),
      formField(
        'multiplier',
        st('multiplier', lang),
        h('input', { name: 'multiplier', value: c.multiplier ? String(c.multiplier) : '' }),
      ),
      formErrorLine(),
      formButtons(lang),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const text = (name: string) => String(data.get(name) ?? '').trim();
      const multiplier = Number(text('multiplier'));
      void this.submit(form, async () => {
        await call('createFigure', {
          body: {
            entity: text('entity'),
            measure: text('measure'),
            ...(text('measureZh') ? { measureZh: text('measureZh') } : {}),
            value: Number(text('value')),
            unit: text('unit'),
            ...(text('unitZh') ? { unitZh: text('unitZh') } : {}),
            ...(text('multiplier') && multiplier > 0 ? { multiplier } : {}),
            ...(c.qualifier ? { qualifier: c.qualifier } : {}),
            source: this.quoteOf(sentence, c.text),
          },
        });
      });
    });
    this.showForm(form);
  }

  private showForm(form: HTMLFormElement): void {
    this.form?.remove();
    this.form = form;
    form.querySelector('.reader-cancel')?.addEventListener('click', () => {
      form.remove();
      this.form = undefined;
    });
    this.root.querySelector('.reader-body')?.before(form);
    form.querySelector<HTMLInputElement>('input')?.focus();
  }

  /** Runs a write; its error goes beside the field it names; success reloads the reading. */
  private async submit(form: HTMLFormElement, write: () => Promise<void>): Promise<void> {
    clearFormErrors(form);
    try {
      await write();
    } catch (error) {
      showFormError(form, error);
      return;
    }
    const id = this.reading?.article.id;
    if (id) await this.open(id);
  }
}
