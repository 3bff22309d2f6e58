// Owns the small modal that asks the analyst for one line of text (a token, a view's name) in
// place of window.prompt: labelled, keyboard-first (Enter saves, Esc cancels), in the interface
// language, and removed from the page when it closes.
import { h } from '../dom';

export interface AskOptions {
  /** Prefix of the dialog's element ids (`<id>-dialog`, `<id>-input`, `<id>-ok`, …). */
  id: string;
  title: string;
  label: string;
  help?: string;
  /** Shown above the field as an alert (the last answer was refused). */
  error?: string;
  value?: string;
  type?: 'text' | 'password';
  ok: string;
  cancel: string;
}

/** The text entered, trimmed; undefined when cancelled or left empty. */
export function askText(options: AskOptions): Promise<string | undefined> {
  const { id } = options;
  const input = h('input', {
    type: options.type ?? 'text',
    id: `${id}-input`,
    autocomplete: 'off',
    required: true,
    ...(options.help ? { 'aria-describedby': `${id}-help` } : {}),
  });
  input.value = options.value ?? '';
  const dialog = h(
    'dialog',
    { id: `${id}-dialog`, 'aria-labelledby': `${id}-title` },
    h(
      'form',
      { method: 'dialog' },
      h('h2', { id: `${id}-title` }, options.title),
      options.error ? h('p', { class: 'error', role: 'alert', id: `${id}-refused` }, options.error) : '',
      options.help ? h('p', { id: `${id}-help` }, options.help) : '',
      h('label', { for: `${id}-input` }, options.label),
      input,
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', value: 'ok', id: `${id}-ok` }, options.ok),
        h('button', { type: 'submit', value: 'cancel', formnovalidate: true }, options.cancel),
      ),
    ),
  );
  document.body.append(dialog);
  dialog.showModal();
  input.focus();
  input.select();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      const text = dialog.returnValue === 'ok' ? input.value.trim() : '';
      dialog.remove();
      resolve(text || undefined);
    });
  });
}
