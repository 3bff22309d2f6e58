// Owns the pure rules of a fact write: a quote found verbatim in its article, declared types, ids
// made from names, versions, and comparing stored states. No I/O: server/facts/service.ts applies them.
import {
  LABEL_PATTERN,
  normaliseForQuotes,
  RESERVED_LABELS,
  REL_TYPE_PATTERN,
} from '../../graph-seed/format';
import { AppError } from '../errors';
import type { ElementState } from '../queries/facts';

/** A refusal naming the request field at fault. */
export const refuse = (code: string, field: string, message: string) =>
  new AppError(400, code, `${field}: ${message}`, { field });

/** The loader's rule (graph-seed/format.ts): line breaks and the whitespace around them do not count. */
export function quoteOccurs(text: string, quote: string): boolean {
  const wanted = normaliseForQuotes(quote).trim();
  return wanted.length > 0 && normaliseForQuotes(text).includes(wanted);
}

/** Labels a dataset may not declare: the app's own, and anything of the explorer's records. */
export function labelRefusal(label: string): string | undefined {
  if (!LABEL_PATTERN.test(label)) return 'must be PascalCase letters and digits';
  if (RESERVED_LABELS.includes(label) || label.startsWith('Explorer')) return `"${label}" is reserved`;
  return undefined;
}
export function relTypeRefusal(type: string): string | undefined {
  if (!REL_TYPE_PATTERN.test(type)) return 'must be UPPER_SNAKE_CASE';
  if (type === 'HAS_FIGURE') return '"HAS_FIGURE" is reserved';
  return undefined;
}

/** `Qingdao Port Group` → `qingdao-port-group`; empty when nothing Latin is left. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/** A readable id that fits the dataset format's pattern: the slug and a short random tail. */
export function newId(prefix: string, name: string, random: () => string): string {
  const base = [prefix, slug(name)].filter(Boolean).join('-').slice(0, 70).replace(/-+$/, '');
  return `${base || 'x'}-${random()}`;
}

export const VERSION_KEY = '_version';

/** Elements written before versions existed (the loader's) are at version 1. */
export const versionOf = (state: { props: Record<string, unknown> }): number =>
  typeof state.props[VERSION_KEY] === 'number' ? (state.props[VERSION_KEY] as number) : 1;

export function staleVersion(what: string, id: string, current: number, given: number): AppError | undefined {
  if (current === given) return undefined;
  return new AppError(
    409,
    'CONFLICT',
    `${what} "${id}" was changed by someone else (now version ${current}, the edit is based on ${given}); ` +
      'reload it and apply your edit again.',
    { currentVersion: current, field: 'version' },
  );
}

/**
 * JSON with keys sorted at every level, so two reads of the same state compare equal; a null
 * property is an absent one (Neo4j stores no nulls).
 */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Whether an element is as a change left it. Versions are left out: an undo gives what it restores
 * a new version, and undoing the change before it must still find that element as it left it.
 */
export const sameState = (a: ElementState | null | undefined, b: ElementState | null | undefined): boolean =>
  canonical(withoutVersion(a)) === canonical(withoutVersion(b));

const withoutVersion = (state: ElementState | null | undefined) => {
  if (!state) return null;
  const { [VERSION_KEY]: _version, ...props } = state.props;
  return { ...state, props };
};

/** Appends a source (article + quote) to the parallel provenance arrays, once. */
export function withSource(
  props: Record<string, unknown>,
  source: { article: string; quote: string },
): Record<string, unknown> {
  const articles = [...((props.sourceArticles as string[] | undefined) ?? [])];
  const quotes = [...((props.sourceQuotes as string[] | undefined) ?? [])];
  if (!articles.some((a, i) => a === source.article && quotes[i] === source.quote)) {
    articles.push(source.article);
    quotes.push(source.quote);
  }
  return { ...props, sourceArticles: articles, sourceQuotes: quotes };
}
