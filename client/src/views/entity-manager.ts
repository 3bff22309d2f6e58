// Owns the entity manager of the Sources panel: edit an entity (a 409 shows the stored values now
// beside what the analyst typed, which stays), merge a duplicate (the survivor picked, what moves
// shown first), delete (what it takes with it shown first), and its history with Undo on each
// change. Writes go through api.ts `call`; their outcome reaches the panel through the host's
// `written` (the factWritten action), which reloads this view and offers Undo in the toast.
import type { Change, Dependents } from '../../../contract/sources';
import type { NodeDetail } from '../../../contract/types';
import { ApiError, call } from '../api';
import { h } from '../dom';
import type { Lang } from '../i18n';
import { changeHistory } from './change-history';
import { entityPicker } from './entity-picker';
import { clearFormErrors, formErrorLine, formField, propertiesOf, showFormError } from './form-fields';
import { st } from './sources-texts';

export interface ManagerHost {
  lang: () => Lang;
  back: () => void;
  written: (toast: { message: string; change?: string }) => void;
  undo: (change: Change) => void;
  /** Opens the manager on another entity (the survivor of a merge that kept the other one). */
  manage: (id: string) => void;
}

interface Loaded {
  node: NodeDetail['node'];
  dependents: Dependents;
  changes: Change[];
}

const list = (text: string) =>
  text
    .split(/[,，、]/)
    .map((a) => a.trim())
    .filter(Boolean);

export class EntityManager {
  private loaded: Loaded | undefined;
  /** The version the edit form is based on: the loaded one, or the stored one a 409 showed. */
  private editBase = 0;
  private deleting = false;

  constructor(
    readonly root: HTMLElement,
    private readonly host: ManagerHost,
  ) {}

  get entityId(): string | undefined {
    return this.loaded?.node.id;
  }

  async load(id: string): Promise<void> {
    const [detail, dependents, history] = await Promise.all([
      call('getNode', { params: { id } }),
      call('getDependents', { params: { id } }),
      call('listChanges', { query: { entity: id } }),
    ]);
    const fresh = this.loaded?.node.id !== id;
    this.loaded = { node: detail.node, dependents, changes: history.changes };
    this.editBase = dependents.entity.version;
    if (fresh) this.deleting = false;
  }

  render(): void {
    const loaded = this.loaded;
    if (!loaded) return;
    const lang = this.host.lang();
    const back = h('button', { type: 'button', class: 'manager-back' }, st('backToReader', lang));
    back.addEventListener('click', () => this.host.back());
    const { node } = loaded;
    this.root.replaceChildren(
      back,
      h('h3', { class: 'manager-title', 'data-id': node.id }, `${node.name} · ${node.nameEn}`),
      h('p', { class: 'muted' }, `${node.type} · v${loaded.dependents.entity.version}`),
      this.editForm(loaded, lang),
      this.mergeForm(loaded, lang),
      this.deleteBox(loaded, lang),
      h('h4', {}, st('history', lang)),
      changeHistory(loaded.changes, lang, (c) => this.host.undo(c), 'entity-history'),
    );
  }

  private editForm({ node }: Loaded, lang: Lang): HTMLFormElement {
    // The dataset is where the entity lives, not a property to edit (the server refuses it as one).
    const properties = Object.entries(node.properties)
      .filter(([k]) => k !== 'dataset')
      .filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))
      .map(([k, v]) => `${k}=${String(v)}`)
      .join('\n');
    const form = h(
      'form',
      { id: 'entity-edit', class: 'reader-form' },
      h('h4', {}, st('editEntity', lang)),
      h('div', { class: 'edit-conflict', hidden: true }),
      formField('name', st('name', lang), h('input', { name: 'name', required: true, value: node.name })),
      formField(
        'nameEn',
        st('nameEn', lang),
        h('input', { name: 'nameEn', required: true, value: node.nameEn }),
      ),
      formField(
        'aliases',
        st('aliases', lang),
        h('input', { name: 'aliases', value: node.aliases.join(', ') }),
      ),
      formField(
        'properties',
        st('properties', lang),
        h('textarea', { name: 'properties', rows: '3' }, properties),
      ),
      formErrorLine(),
      h('button', { type: 'submit' }, st('save', lang)),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.saveEdit(form, node.id);
    });
    return form;
  }

  private async saveEdit(form: HTMLFormElement, id: string): Promise<void> {
    clearFormErrors(form);
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    // Sent only when edited: the stored ones the form leaves out (the dataset, a place) stay as they are.
    const area = form.querySelector<HTMLTextAreaElement>('textarea[name="properties"]');
    const edited = area && area.value !== area.defaultValue;
    try {
      const answer = await call('updateEntity', {
        params: { id },
        body: {
          version: this.editBase,
          name: text('name'),
          nameEn: text('nameEn'),
          aliases: list(text('aliases')),
          ...(edited ? { properties: propertiesOf(text('properties')) } : {}),
        },
      });
      this.host.written({
        message: `${st('written', this.host.lang())}: ${answer.entity.name}`,
        change: answer.change,
      });
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) await this.showConflict(form, id, error);
      else showFormError(form, error);
    }
  }

  /**
   * Someone saved the entity since it was loaded: the stored values show above the form, the form
   * keeps what was typed, and the next save is based on the stored version (the analyst has seen it).
   */
  private async showConflict(form: HTMLFormElement, id: string, error: ApiError): Promise<void> {
    const lang = this.host.lang();
    const box = form.querySelector<HTMLElement>('.edit-conflict');
    if (!box) return;
    try {
      const [{ node }, dependents] = await Promise.all([
        call('getNode', { params: { id } }),
        call('getDependents', { params: { id } }),
      ]);
      this.editBase = dependents.entity.version;
      box.replaceChildren(
        h('p', {}, st('stale', lang)),
        h(
          'dl',
          { class: 'stored-values' },
          h('dt', {}, st('name', lang)),
          h('dd', { 'data-field': 'name' }, node.name),
          h('dt', {}, st('nameEn', lang)),
          h('dd', { 'data-field': 'nameEn' }, node.nameEn),
          h('dt', {}, st('aliases', lang)),
          h('dd', { 'data-field': 'aliases' }, node.aliases.join(', ')),
        ),
        h('p', { class: 'muted' }, `${st('saveAnyway', lang)} (v${dependents.entity.version})`),
      );
    } catch {
      box.replaceChildren(h('p', {}, error.message));
    }
    box.hidden = false;
  }

  private mergeForm({ node }: Loaded, lang: Lang): HTMLFormElement {
    const preview = h('div', { class: 'merge-preview' });
    const form = h('form', { id: 'entity-merge', class: 'reader-form' });
    const showPreview = () => void this.previewMerge(form, preview, node.id);
    form.append(
      h('h4', {}, st('merge', lang)),
      entityPicker('duplicate', st('mergeWith', lang), lang, { changed: showPreview }),
      h(
        'fieldset',
        { class: 'merge-survivor' },
        h('legend', {}, st('survivor', lang)),
        h(
          'label',
          {},
          h('input', { type: 'radio', name: 'keep', value: 'this', checked: true }),
          st('keepThis', lang),
        ),
        h('label', {}, h('input', { type: 'radio', name: 'keep', value: 'other' }), st('keepOther', lang)),
      ),
      preview,
      formErrorLine(),
      h('button', { type: 'submit' }, st('doMerge', lang)),
    );
    form.addEventListener('change', showPreview);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.merge(form, node.id);
    });
    return form;
  }

  /** The two ends of a merge as the form has them: who stays, who goes. */
  private mergeEnds(form: HTMLFormElement, id: string) {
    const data = new FormData(form);
    const other = String(data.get('duplicate') ?? '');
    if (!other || other === id) return undefined;
    return data.get('keep') === 'other'
      ? { survivor: other, duplicate: id }
      : { survivor: id, duplicate: other };
  }

  /** What moves to the survivor: the duplicate's relationships, figures, names and sources. */
  private async previewMerge(form: HTMLFormElement, preview: HTMLElement, id: string): Promise<void> {
    const ends = this.mergeEnds(form, id);
    if (!ends) return preview.replaceChildren();
    const lang = this.host.lang();
    try {
      const [gone, duplicateNode] = await Promise.all([
        call('getDependents', { params: { id: ends.duplicate } }),
        call('getNode', { params: { id: ends.duplicate } }),
      ]);
      preview.replaceChildren(
        h('p', {}, `${st('moves', lang)}:`),
        h(
          'ul',
          { class: 'merge-moves' },
          h(
            'li',
            { 'data-moves': 'names' },
            [duplicateNode.node.name, ...duplicateNode.node.aliases].join(', '),
          ),
          ...gone.relationships.map((r) =>
            h('li', { 'data-moves': 'relationship' }, `${r.type} · ${r.otherName}`),
          ),
          ...gone.figures.map((f) => h('li', { 'data-moves': 'figure' }, `${f.measure}: ${f.value}`)),
          ...gone.sources.map((s) => h('li', { 'data-moves': 'source' }, `“${s.quote}”`)),
        ),
      );
    } catch (error) {
      showFormError(form, error);
    }
  }

  private async merge(form: HTMLFormElement, id: string): Promise<void> {
    clearFormErrors(form);
    const ends = this.mergeEnds(form, id);
    const lang = this.host.lang();
    if (!ends) {
      showFormError(form, new Error(`duplicate: ${st('noneChosen', lang)}`));
      return;
    }
    try {
      const [survivor, duplicate] = await Promise.all([
        call('getDependents', { params: { id: ends.survivor } }),
        call('getDependents', { params: { id: ends.duplicate } }),
      ]);
      const answer = await call('mergeEntities', {
        params: { id: ends.survivor },
        body: {
          version: survivor.entity.version,
          duplicate: ends.duplicate,
          duplicateVersion: duplicate.entity.version,
        },
      });
      form.remove();
      if (ends.survivor !== id) this.host.manage(ends.survivor);
      this.host.written({
        message: `${st('merged', lang)}: ${duplicate.entity.name} → ${answer.entity.name}`,
        change: answer.change,
      });
    } catch (error) {
      showFormError(form, error);
    }
  }

  private deleteBox({ node, dependents }: Loaded, lang: Lang): HTMLElement {
    const box = h('div', { id: 'entity-delete', class: 'reader-form' });
    const start = h('button', { type: 'button', class: 'delete-start' }, st('delete', lang));
    start.addEventListener('click', () => {
      this.deleting = true;
      this.render();
    });
    if (!this.deleting) {
      box.append(start);
      return box;
    }
    const confirm = h(
      'button',
      { type: 'button', class: 'delete-confirm danger' },
      st('confirmDelete', lang),
    );
    const cancel = h('button', { type: 'button', class: 'reader-cancel' }, st('cancel', lang));
    cancel.addEventListener('click', () => {
      this.deleting = false;
      this.render();
    });
    const error = formErrorLine();
    confirm.addEventListener('click', async () => {
      try {
        const answer = await call('deleteEntity', {
          params: { id: node.id },
          query: { version: dependents.entity.version },
        });
        this.deleting = false;
        this.host.back();
        this.host.written({ message: `${st('deletedToast', lang)}: ${node.name}`, change: answer.change });
      } catch (e) {
        error.textContent = e instanceof Error ? e.message : String(e);
      }
    });
    box.append(
      h('p', {}, st('deleteTakes', lang)),
      h(
        'ul',
        { class: 'delete-dependents' },
        ...dependents.relationships.map((r) =>
          h(
            'li',
            { 'data-kind': 'relationship', 'data-id': r.id },
            `${st('relationships', lang)}: ${r.type} · ${r.otherName}`,
          ),
        ),
        ...dependents.figures.map((f) =>
          h(
            'li',
            { 'data-kind': 'figure', 'data-id': f.id },
            `${st('figures', lang)}: ${f.measure} ${f.value}`,
          ),
        ),
        h('li', { 'data-kind': 'notes' }, `${st('notes', lang)}: ${dependents.notes}`),
        h('li', { 'data-kind': 'sources' }, `${st('sourcesCount', lang)}: ${dependents.sources.length}`),
      ),
      error,
      confirm,
      cancel,
    );
    return box;
  }
}
