// Owns the article reader: an article's paragraphs sentence by sentence, every sentence that backs
// a fact marked (what it backs in its title and in the side list), chips for what the text names
// (figures, known entities, likely new names), the forms that make a fact from a sentence (an
// entity or a relationship from selected words, a figure from a chip, a link to a known entity),
// the article's history and the dataset's export. The writes go through api.ts `call` (so the
// token dialog answers a 401); what they change comes back through the host's `written` (the
// factWritten action), which reloads the reading, never by patching the page. The open form is
// rebuilt by each render from `formSpec`; the panel keeps what was typed in it (readDraft).
import type { Change, ReadingAnswer } from '../../../contract/sources';
import { call, operationUrl } from '../api';
import { h } from '../dom';
import type { Lang } from '../i18n';
import { changeHistory } from './change-history';
import { entityPicker, type Pickable } from './entity-picker';
import { figureCandidates, type FigureCandidate } from './figure-candidates';
import { clearFormErrors, formErrorLine, formField, propertiesOf, showFormError } from './form-fields';
import { entityMentions, nameCandidates, type EntityMention } from './name-candidates';
import { st } from './sources-texts';

type ReadSentence = ReadingAnswer['sentences'][number];

export interface ReaderHost {
  lang: () => Lang;
  /** Brings an entity onto the canvas (the `focus` action). */
  focusEntity: (id: string) => unknown;
  back: () => void;
  /** Opens the entity manager (edit, merge, delete, history) on an entity. */
  manage: (id: string) => void;
  /** A write is done: the panel reloads and the toast offers its undo. */
  written: (toast: { message: string; change?: string }) => void;
  undo: (change: Change) => void;
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
  private changes: Change[] = [];
  /** Builds the open form again at each render (a language switch, a reload after a write). */
  private formSpec: (() => HTMLFormElement) | undefined;
  private created: { id: string; name: string } | undefined;

  constructor(
    readonly root: HTMLElement,
    private readonly host: ReaderHost,
  ) {}

  async load(articleId: string): Promise<void> {
    const [reading, history] = await Promise.all([
      call('getReading', { params: { id: articleId } }),
      call('listChanges', { query: { article: articleId } }),
    ]);
    if (this.reading?.article.id !== articleId) {
      this.formSpec = undefined;
      this.created = undefined;
    }
    this.reading = reading;
    this.changes = history.changes;
  }

  /** Known entities named in a sentence, from the reading's list of them. */
  private mentionsIn(sentence: ReadSentence): EntityMention[] {
    return entityMentions(sentence.text, this.reading?.known ?? []);
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
                ...(b.kind === 'entity'
                  ? [
                      h('button', { type: 'button', class: 'link-button' }, b.label),
                      ' ',
                      h('button', { type: 'button', class: 'reader-manage' }, st('manage', lang)),
                    ]
                  : [`${b.label}`]),
              ),
            ),
          )
        : h('p', { class: 'muted' }, st('nothingBacked', lang)),
    );
    side.querySelectorAll<HTMLElement>('li[data-kind="entity"] button.link-button').forEach((button) =>
      button.addEventListener('click', () => {
        const id = button.parentElement?.dataset.id;
        if (id) void this.host.focusEntity(id);
      }),
    );
    side.querySelectorAll<HTMLElement>('li[data-kind="entity"] button.reader-manage').forEach((button) =>
      button.addEventListener('click', () => {
        const id = button.parentElement?.dataset.id;
        if (id) this.host.manage(id);
      }),
    );
    const back = h('button', { type: 'button', class: 'reader-back' }, st('back', lang));
    back.addEventListener('click', () => this.host.back());
    const article = reading.article;
    // A link the browser downloads: the export is a GET any reader may make.
    const exportLink = h(
      'a',
      {
        id: 'reader-export',
        href: operationUrl('exportDataset', { params: { id: article.dataset } }),
        download: `${article.dataset}.json`,
      },
      `${st('exportDataset', lang)} (${article.dataset})`,
    );
    this.root.replaceChildren(
      back,
      h('h3', { class: 'reader-title' }, article.title),
      h(
        'p',
        { class: 'muted' },
        [article.publisher, article.date].filter(Boolean).join(' · '),
        ' ',
        exportLink,
      ),
      h('p', { class: 'muted reader-hint' }, st('selectHintMore', lang)),
      this.createdEl(lang) ?? '',
      this.formSpec ? this.wire(this.formSpec()) : '',
      h('div', { class: 'reader-body' }, text, side),
      h(
        'details',
        { class: 'reader-history' },
        h('summary', {}, st('history', lang)),
        changeHistory(this.changes, lang, (c) => this.host.undo(c), 'article-history'),
      ),
    );
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
        chip.addEventListener('click', () => this.show(() => this.figureForm(s, c)));
        box.append(chip);
      }
      el.append(box);
    }
    const mentions = this.mentionsIn(s);
    const names = nameCandidates(s.text, mentions);
    if (mentions.length || names.length) {
      const box = h('span', { class: 'name-chips' });
      for (const m of mentions) {
        const chip = h(
          'button',
          { type: 'button', class: 'entity-chip', 'data-id': m.entity.id, title: st('knownChip', lang) },
          m.text,
        );
        chip.addEventListener('click', () => this.show(() => this.linkForm(s, m)));
        box.append(chip);
      }
      for (const c of names) {
        const chip = h('button', { type: 'button', class: 'name-chip', title: st('nameChip', lang) }, c.text);
        chip.addEventListener('click', () => this.show(() => this.entityForm(s, c.text)));
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
    if (sentence) this.show(() => this.entityForm(sentence, words));
  }

  private quoteOf(sentence: ReadSentence, words: string) {
    // A quote is at most 500 characters: a longer sentence is quoted by the selected words.
    const quote = sentence.text.length <= 500 ? sentence.text : words;
    return { article: this.reading?.article.id ?? '', quote };
  }

  private entityForm(sentence: ReadSentence, words: string): HTMLFormElement {
    const lang = this.host.lang();
    const asRelationship = h(
      'button',
      { type: 'button', id: 'reader-as-relationship' },
      st('newRelationship', lang),
    );
    asRelationship.addEventListener('click', () => this.show(() => this.relationshipForm(sentence, words)));
    const types = this.reading?.nodeTypes ?? [];
    const type = h('input', { name: 'type', list: 'reader-types', required: true, value: types[0]?.label });
    const form = h(
      'form',
      { class: 'reader-form', id: 'reader-entity-form' },
      h('h4', {}, st('newEntity', lang), ' ', asRelationship),
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
      formField('aliases', st('aliases', lang), h('input', { name: 'aliases' })),
      formField('properties', st('properties', lang), h('textarea', { name: 'properties', rows: '2' })),
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
            aliases: String(data.get('aliases') ?? '')
              .split(/[,，、]/)
              .map((a) => a.trim())
              .filter(Boolean),
            properties: propertiesOf(String(data.get('properties') ?? '')),
            source: this.quoteOf(sentence, words),
          },
        });
        this.created = { id: answer.entity.id, name: answer.entity.name };
        return {
          message: `${st('created', this.host.lang())}: ${answer.entity.name}`,
          change: answer.change,
        };
      });
    });
    return form;
  }

  /** The entities a sentence suggests as a relationship's ends: those it names, and the one just made. */
  private suggestedEnds(sentence: ReadSentence): Pickable[] {
    const found = new Map<string, string>();
    for (const m of this.mentionsIn(sentence)) found.set(m.entity.id, m.entity.name);
    for (const b of sentence.backs) if (b.kind === 'entity') found.set(b.id, b.label);
    if (this.created) found.set(this.created.id, this.created.name);
    return [...found].map(([id, name]) => ({ id, name }));
  }

  private relationshipForm(sentence: ReadSentence, words: string, from?: Pickable): HTMLFormElement {
    const lang = this.host.lang();
    const types = this.reading?.relationshipTypes ?? [];
    const suggestions = this.suggestedEnds(sentence);
    const direction = h('p', { class: 'rel-direction' });
    const form = h('form', { class: 'reader-form', id: 'reader-relationship-form' });
    const value = (name: string) =>
      form.querySelector<HTMLInputElement>(`input[name="${name}"]`)?.value ?? '';
    const showDirection = () => {
      direction.textContent = `${value('fromChosen') || '?'} —${value('type') || '?'}→ ${value('toChosen') || '?'}`;
    };
    const swap = h('button', { type: 'button', class: 'rel-swap' }, `⇅ ${st('swap', lang)}`);
    swap.addEventListener('click', () => {
      for (const suffix of ['', 'Chosen']) {
        const a = form.querySelector<HTMLInputElement>(`input[name="from${suffix}"]`);
        const b = form.querySelector<HTMLInputElement>(`input[name="to${suffix}"]`);
        if (a && b) [a.value, b.value] = [b.value, a.value];
      }
      showDirection();
    });
    const type = h('input', {
      name: 'type',
      list: 'reader-rel-types',
      required: true,
      value: types[0]?.type,
    });
    type.addEventListener('input', showDirection);
    form.append(
      h('h4', {}, st('newRelationship', lang)),
      h('blockquote', {}, sentence.text),
      formField('type', st('relType', lang), type),
      h(
        'datalist',
        { id: 'reader-rel-types' },
        ...types.map((t) => h('option', { value: t.type }, [t.nameZh, t.nameEn].filter(Boolean).join(' · '))),
      ),
      entityPicker('from', st('from', lang), lang, { chosen: from, suggestions, changed: showDirection }),
      swap,
      entityPicker('to', st('to', lang), lang, { suggestions, changed: showDirection }),
      direction,
      formField('properties', st('properties', lang), h('textarea', { name: 'properties', rows: '2' })),
      formErrorLine(),
      formButtons(lang),
    );
    // After the panel restores a draft into the rebuilt form, the direction follows it.
    queueMicrotask(showDirection);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const text = (name: string) => String(data.get(name) ?? '').trim();
      const typeName = text('type');
      const declared = types.some((t) => t.type === typeName);
      void this.submit(form, async () => {
        const answer = await call('createRelationship', {
          body: {
            type: typeName,
            ...(declared ? {} : { declareType: {} }),
            from: text('from'),
            to: text('to'),
            properties: propertiesOf(text('properties')),
            source: this.quoteOf(sentence, words),
          },
        });
        return {
          message: `${st('created', this.host.lang())}: ${text('fromChosen')} —${typeName}→ ${text('toChosen')}`,
          change: answer.change,
        };
      });
    });
    return form;
  }

  /** A known entity named in the sentence: this sentence becomes its source, or an end of a relationship. */
  private linkForm(sentence: ReadSentence, mention: EntityMention): HTMLFormElement {
    const lang = this.host.lang();
    const entity = mention.entity;
    const asSource = h('button', { type: 'submit', id: 'reader-link-source' }, st('linkAsSource', lang));
    const asEnd = h('button', { type: 'button', id: 'reader-link-end' }, st('linkAsEnd', lang));
    const form = h(
      'form',
      { class: 'reader-form', id: 'reader-link-form', 'data-id': entity.id },
      h('h4', {}, `${st('linkEntity', lang)}: ${entity.name} · ${entity.nameEn} (${entity.type})`),
      h('blockquote', {}, sentence.text),
      formErrorLine(),
      h(
        'div',
        { class: 'reader-form-buttons' },
        asSource,
        asEnd,
        h('button', { type: 'button', class: 'reader-cancel' }, st('cancel', lang)),
      ),
    );
    asEnd.addEventListener('click', () =>
      this.show(() => this.relationshipForm(sentence, mention.text, { id: entity.id, name: entity.name })),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit(form, async () => {
        const { entity: current } = await call('getDependents', { params: { id: entity.id } });
        const answer = await call('updateEntity', {
          params: { id: entity.id },
          body: { version: current.version, addSource: this.quoteOf(sentence, mention.text) },
        });
        return { message: `${st('linked', this.host.lang())}: ${answer.entity.name}`, change: answer.change };
      });
    });
    return form;
  }

  private figureForm(sentence: ReadSentence, c: FigureCandidate): HTMLFormElement {
    const lang = this.host.lang();
    const entities = this.suggestedEnds(sentence);
    const form = h(
      'form',
      { class: 'reader-form', id: 'reader-figure-form' },
      h('h4', {}, st('newFigure', lang)),
      h('blockquote', {}, sentence.text),
      formField(
        'entity',
        st('entity', lang),
        h('select', { name: 'entity' }, ...entities.map((b) => h('option', { value: b.id }, b.name))),
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
        const answer = await call('createFigure', {
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
        return {
          message: `${st('created', this.host.lang())}: ${answer.figure.measure} ${answer.figure.value}`,
          change: answer.change,
        };
      });
    });
    return form;
  }

  /** Opens a form in place of the one open (built again by each render until it is done or cancelled). */
  private show(spec: () => HTMLFormElement): void {
    this.formSpec = spec;
    this.root.querySelector('form.reader-form')?.remove();
    const form = this.wire(spec());
    this.root.querySelector('.reader-body')?.before(form);
    form.querySelector<HTMLInputElement>('input:not([type="hidden"]):not([readonly])')?.focus();
  }

  private wire(form: HTMLFormElement): HTMLFormElement {
    form.querySelector('.reader-cancel')?.addEventListener('click', () => {
      form.remove();
      this.formSpec = undefined;
    });
    return form;
  }

  /** Runs a write; its error goes beside the field it names; success closes the form and tells the host. */
  private async submit(
    form: HTMLFormElement,
    write: () => Promise<{ message: string; change?: string }>,
  ): Promise<void> {
    clearFormErrors(form);
    let done: { message: string; change?: string };
    try {
      done = await write();
    } catch (error) {
      showFormError(form, error);
      return;
    }
    this.formSpec = undefined;
    form.remove();
    this.host.written(done);
  }
}
