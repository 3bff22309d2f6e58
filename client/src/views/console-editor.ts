// The console's editor: CodeMirror with Cypher highlighting, Mod-Enter to run, and the completion
// console.ts decides. Loaded on demand (import()) when the console first opens: CodeMirror is the
// largest part of the bundle and most sessions never open the console.
import { autocompletion, type CompletionContext } from '@codemirror/autocomplete';
import { StreamLanguage } from '@codemirror/language';
import { cypher } from '@codemirror/legacy-modes/mode/cypher';
import { keymap } from '@codemirror/view';
import { EditorView, basicSetup } from 'codemirror';
import type { Completion } from './console';

export interface Editor {
  getQuery(): string;
  setQuery(query: string): void;
}

export function createEditor(
  parent: HTMLElement,
  doc: string,
  hooks: { run(): void; complete(before: string, explicit: boolean): Completion | null },
): Editor {
  const source = (context: CompletionContext) => {
    // The whole text before the cursor: a pattern's bracket may open on an earlier line.
    const before = context.state.doc.sliceString(0, context.pos);
    const found = hooks.complete(before, context.explicit);
    return found ? { from: context.pos - found.replace, options: found.options } : null;
  };
  const editor = new EditorView({
    parent,
    doc,
    extensions: [
      keymap.of([{ key: 'Mod-Enter', run: (): boolean => (hooks.run(), true) }]),
      basicSetup,
      StreamLanguage.define(cypher),
      autocompletion({ override: [source] }),
      EditorView.contentAttributes.of({ 'aria-label': 'Cypher query' }),
    ],
  });
  return {
    getQuery: () => editor.state.doc.toString(),
    setQuery: (query) =>
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: query } }),
  };
}
