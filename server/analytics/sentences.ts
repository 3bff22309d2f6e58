// "Why are these connected?" told in Chinese and English: one sentence per hop and one per walk.
import type { Bilingual, EntityRef } from '../../contract/types';

export interface HopInput {
  from: EntityRef;
  to: EntityRef;
  type: string;
  nameZh?: string;
  nameEn?: string;
  forward: boolean;
  quote?: string;
}

const arrow = (name: string, forward: boolean) => (forward ? ` —${name}→ ` : ` ←${name}— `);
const zhName = (e: EntityRef) => e.name || e.nameEn || e.id;
const enName = (e: EntityRef) => e.nameEn || e.name || e.id;

/** "阳谷经开区 —联动→ 青岛自贸片区：“…”", with the arrow against the walk when the relationship is. */
export function hopSentence(hop: HopInput): Bilingual {
  const zhRel = hop.nameZh ?? hop.nameEn ?? hop.type;
  const enRel = hop.nameEn ?? hop.type;
  const zh = `${zhName(hop.from)}${arrow(zhRel, hop.forward)}${zhName(hop.to)}`;
  const en = `${enName(hop.from)}${arrow(enRel, hop.forward)}${enName(hop.to)}`;
  return hop.quote ? { zh: `${zh}：“${hop.quote}”`, en: `${en}: “${hop.quote}”` } : { zh, en };
}

/** The whole walk without quotes: "A —联动→ B ←属于— C". */
export function chainSentence(hops: HopInput[]): Bilingual {
  if (!hops.length) return { zh: '', en: '' };
  let zh = zhName(hops[0]!.from);
  let en = enName(hops[0]!.from);
  for (const hop of hops) {
    zh += arrow(hop.nameZh ?? hop.nameEn ?? hop.type, hop.forward) + zhName(hop.to);
    en += arrow(hop.nameEn ?? hop.type, hop.forward) + enName(hop.to);
  }
  return { zh, en };
}
