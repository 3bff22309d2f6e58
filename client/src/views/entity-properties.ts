// How an entity's properties read in the details panel: a key and its translation (`city` with
// `cityEn`, `status` with `statusZh`) become one row in the chosen language, keys read as words
// ("planningDirection" → "Planning direction"), and code-like values as words
// ("economic-development-zone" → "economic development zone"). Pure, no DOM.
import type { Lang } from '../i18n';

export interface PropertyRow {
  /** The property as stored (the Chinese or untranslated form). */
  key: string;
  name: string;
  value: string;
}

/** Keys the panel shows elsewhere or that are bookkeeping, never as properties. */
const SHOWN_ELSEWHERE = new Set(['dataset', 'label', 'size', 'labels', 'sources', 'degree', 'more', 'shown']);

/** "planningDirection" → "Planning direction", "expected_production_start" → "Expected production start". */
export function keyName(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const CODE_LIKE = /^[a-z0-9]+(?:-[a-z0-9]+)+$/;
const text = (v: unknown): string => {
  if (Array.isArray(v)) return v.map(text).join(', ');
  if (typeof v === 'boolean') return v ? '✓' : '✗';
  const s = String(v);
  return CODE_LIKE.test(s) ? s.replace(/-/g, ' ') : s;
};

/** The base key of a translation (`cityEn` → `city`, `statusZh` → `status`), or undefined. */
const baseOf = (key: string, props: Record<string, unknown>) => {
  const m = /^(.+)(En|Zh)$/.exec(key);
  return m && m[1]! in props ? m[1]! : undefined;
};

/** Names a dataset may declare for its property keys, in both languages. */
export type PropertyNames = Record<string, { nameZh?: string; nameEn?: string }>;

export function propertyRows(
  props: Record<string, unknown>,
  lang: Lang,
  names: PropertyNames = {},
): PropertyRow[] {
  const rows: PropertyRow[] = [];
  for (const [key, value] of Object.entries(props)) {
    if (SHOWN_ELSEWHERE.has(key) || value === null || value === undefined || value === '') continue;
    if (baseOf(key, props)) continue; // shown with its base key
    const en = props[`${key}En`];
    const zh = props[`${key}Zh`];
    const zhText = text(zh ?? value);
    const enText = text(en ?? value);
    const shown =
      lang === 'zh' ? zhText : lang === 'en' ? enText : zhText === enText ? zhText : `${zhText} · ${enText}`;
    const declared = Object.hasOwn(names, key) ? names[key] : undefined;
    const nameEn = declared?.nameEn ?? keyName(key);
    const nameZh = declared?.nameZh ?? nameEn;
    const name =
      lang === 'zh' ? nameZh : lang === 'en' ? nameEn : nameZh === nameEn ? nameEn : `${nameZh} · ${nameEn}`;
    rows.push({ key, name, value: shown });
  }
  return rows;
}
