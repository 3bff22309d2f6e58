// Provenance of what is on the canvas, fetched when a feature shows it. Graph answers leave sources
// out (they were most of their bytes, BENCHMARKS.md); this asks GET /api/sources for the ids not
// yet known, in batches, and keeps every answer for the session (sources change only when a dataset
// is reloaded).
import type { Source } from '../../contract/types';
import { api } from './api';
import { pick, type Lang } from './i18n';

/** What this module needs of an element's data: its id, an edge's ends, inline sources if any. */
export interface SourceRef {
  id: string;
  /** Set on edges: the server finds a relationship from one of its ends. */
  source?: string;
  target?: string;
  /** Console answers and imported JSON carry sources inline; those are used as they are. */
  sources?: Source[];
}

/** Ids per request; the server takes 500, and each edge adds one end. */
const BATCH = 200;
const known = new Map<string, Promise<Source[]>>();

export const refOf = (data: Record<string, unknown>): SourceRef => ({
  id: String(data.id),
  source: typeof data.source === 'string' ? data.source : undefined,
  target: typeof data.target === 'string' ? data.target : undefined,
  sources: Array.isArray(data.sources) ? (data.sources as Source[]) : undefined,
});

async function fetchBatch(refs: SourceRef[]): Promise<Record<string, Source[]>> {
  const ids = new Set<string>();
  for (const ref of refs) {
    ids.add(ref.id);
    if (ref.source) ids.add(ref.source);
  }
  const { sources } = await api.sources([...ids]);
  return sources;
}

/** Sources by element id (an id the server does not know maps to []). Failed fetches are not kept. */
export async function sourcesFor(refs: SourceRef[]): Promise<Map<string, Source[]>> {
  const wanted = new Map<string, Promise<Source[]>>();
  const missing: SourceRef[] = [];
  for (const ref of refs) {
    if (wanted.has(ref.id)) continue;
    if (ref.sources) wanted.set(ref.id, Promise.resolve(ref.sources));
    else if (known.has(ref.id)) wanted.set(ref.id, known.get(ref.id)!);
    else missing.push(ref);
  }
  for (let i = 0; i < missing.length; i += BATCH) {
    const batch = missing.slice(i, i + BATCH);
    const answer = fetchBatch(batch);
    for (const ref of batch) {
      const one = answer.then((found) => found[ref.id] ?? []);
      one.catch(() => {
        if (known.get(ref.id) === one) known.delete(ref.id);
      });
      known.set(ref.id, one);
      wanted.set(ref.id, one);
    }
    // The ends sent along come back too; keep them.
    void answer
      .then((found) => {
        for (const [id, sources] of Object.entries(found))
          if (!known.has(id)) known.set(id, Promise.resolve(sources));
      })
      .catch(() => undefined);
  }
  const entries = await Promise.all([...wanted].map(async ([id, sources]) => [id, await sources] as const));
  return new Map(entries);
}

/** For tests and after a dataset reload. */
export function forgetSources(): void {
  known.clear();
}

/** Canvas elements' quotes with the element's name in the current language, in element order. */
export async function namedQuotes(
  elements: { id: string; data: Readonly<Record<string, unknown>> }[],
  lang: Lang,
): Promise<{ name: string; quote: string }[]> {
  const found = await sourcesFor(elements.map((el) => refOf(el.data)));
  return elements.flatMap((el) => {
    const data = el.data as { name?: string; nameEn?: string; label?: string };
    const name = data.name ? pick(data.name, data.nameEn, lang) : (data.label ?? el.id);
    return (found.get(el.id) ?? []).map((s) => ({ name, quote: s.quote }));
  });
}
