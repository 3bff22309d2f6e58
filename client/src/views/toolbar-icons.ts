// Owns the toolbar's icons: which Lucide icon each `data-icon` name stands for, put into its button
// once at start. The buttons' names and tooltips are strings (i18n.ts, `data-i18n-label`).
import {
  BookOpen,
  Bookmark,
  Download,
  FileText,
  House,
  Lock,
  Maximize,
  Redo2,
  SquareTerminal,
  Table,
  Undo2,
  Upload,
  createElement,
  type IconNode,
} from 'lucide';

const ICONS: Record<string, IconNode> = {
  fit: Maximize,
  overview: House,
  lock: Lock,
  table: Table,
  undo: Undo2,
  redo: Redo2,
  console: SquareTerminal,
  saveView: Bookmark,
  stories: BookOpen,
  sources: FileText,
  export: Download,
  import: Upload,
};

export function placeIcons(root: ParentNode): void {
  root.querySelectorAll<HTMLElement>('[data-icon]').forEach((element) => {
    const icon = ICONS[element.dataset.icon ?? ''];
    if (!icon) return;
    const svg = createElement(icon, { width: 18, height: 18, 'aria-hidden': 'true', focusable: 'false' });
    element.prepend(svg);
  });
}
