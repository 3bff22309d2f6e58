// Owns the small forms' field convention (the Sources panel's "Add article", the reader's new
// entity and new figure): a labelled field with its own error line, a general error line, and
// putting a refused write's message under the field the server named.
import { ApiError } from '../api';
import { h } from '../dom';

/** A labelled input with an error line of its own (`data-field` is the request field it fills). */
export const formField = (name: string, label: string, input: HTMLElement): HTMLElement =>
  h('label', { 'data-field': name }, label, input, h('span', { class: 'field-error' }));

/** The form's error line for what names no field. */
export const formErrorLine = (): HTMLElement => h('p', { class: 'field-error', 'data-field': '' });

/**
 * The field a refusal names and its message without the "field: " prefix the server puts before
 * it; the body's `field` when the server sent one, else read from the message.
 */
export function fieldOf(error: unknown): { field: string; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  const m = /^([A-Za-z][\w.]*): (.*)$/s.exec(message);
  const field = (error instanceof ApiError ? error.field : undefined) ?? m?.[1] ?? '';
  const prefix = `${field}: `;
  return { field, message: field && message.startsWith(prefix) ? message.slice(prefix.length) : message };
}

export function clearFormErrors(form: HTMLFormElement): void {
  form.querySelectorAll('.field-error').forEach((e) => (e.textContent = ''));
}

/** Shows `error` under the field it names (its first segment: `source.quote` → source), or below the form. */
export function showFormError(form: HTMLFormElement, error: unknown): void {
  const { field, message } = fieldOf(error);
  const top = field.split('.')[0] ?? '';
  const box =
    form.querySelector(`label[data-field="${top}"] .field-error`) ??
    form.querySelector('p.field-error[data-field=""]');
  if (box) box.textContent = message;
}

/** What the analyst has typed in a part of the page: each changed field of each form, by form id. */
export type Draft = Map<string, string>;

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
const isBox = (f: Field): f is HTMLInputElement =>
  f instanceof HTMLInputElement && (f.type === 'radio' || f.type === 'checkbox');
const fieldsOf = (root: ParentNode) =>
  [
    ...root.querySelectorAll<Field>('form[id] input[name], form[id] textarea[name], form[id] select[name]'),
  ].filter((f) => !(f instanceof HTMLInputElement && f.type === 'file'));
const keyOf = (f: Field) => `${f.form?.id ?? ''}\u0000${f.name}${isBox(f) ? `\u0000${f.value}` : ''}`;

/**
 * Whether the analyst changed the field from what the page put in it. A hidden field's value is its
 * default, so a field that fills one (entity-picker.ts) keeps what it started with in data-initial.
 */
function changed(f: Field): boolean {
  if (isBox(f)) return f.checked !== f.defaultChecked;
  if (f instanceof HTMLSelectElement) return [...f.options].some((o) => o.selected !== o.defaultSelected);
  return f.value !== (f.dataset.initial ?? f.defaultValue);
}

/**
 * Reads the fields of the forms under `root` that the analyst changed, before a re-render (a
 * language switch, a list reloaded), so that `restoreDraft` puts them back into the forms that
 * replace them: nothing typed is lost to a render, and what was not touched shows the new values.
 */
export function readDraft(root: ParentNode): Draft {
  const draft: Draft = new Map();
  for (const f of fieldsOf(root)) if (changed(f)) draft.set(keyOf(f), isBox(f) ? String(f.checked) : f.value);
  return draft;
}

/** Puts a draft back into the forms of the same id and fields of the same name under `root`. */
export function restoreDraft(root: ParentNode, draft: Draft): void {
  for (const f of fieldsOf(root)) {
    const value = draft.get(keyOf(f));
    if (value === undefined) continue;
    if (isBox(f)) f.checked = value === 'true';
    else f.value = value;
  }
}

/** "key=value" lines of a properties field; numbers stay numbers. */
export function propertiesOf(text: string): Record<string, string | number> {
  const properties: Record<string, string | number> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at <= 0) continue;
    const value = line.slice(at + 1).trim();
    properties[line.slice(0, at).trim()] =
      value !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
  }
  return properties;
}
