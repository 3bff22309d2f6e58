// Bilingual names for generated entities: an invented place or brand, then the label's own pattern
// (a district, a company, a person…) from the vocabulary.
import type { Random } from './random';
import {
  GIVEN,
  INDUSTRIES,
  POLICIES,
  PROJECT_STATUS,
  SECTIONS,
  SUFFIXES,
  SURNAMES,
  SYLLABLES,
  type Suffix,
  type Word,
} from './synthetic-vocabulary';

export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
export const slug = (label: string): string => label.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** An invented two-syllable name: 嘉宁 / Jianing. */
export function coined(random: Random): Word {
  const a = random.pick(SYLLABLES);
  let b = random.pick(SYLLABLES);
  while (b === a) b = random.pick(SYLLABLES);
  return [a[0] + b[0], capitalise(a[1] + b[1])];
}

export interface Named {
  name: string;
  nameEn: string;
  aliases: string[];
  properties: Record<string, string | number>;
}

export function nameFor(type: string, typeZh: string, typeEn: string, index: number, random: Random): Named {
  const [place, placeEn] = coined(random);
  const industry = random.pick(INDUSTRIES);
  const industryEn = capitalise(industry.en);
  const suffixed = (list: Suffix[], format: (s: Suffix) => Named): Named => format(random.pick(list));
  switch (type) {
    case 'Region':
      return suffixed(SUFFIXES.Region!, (s) => ({
        name: place + s.zh,
        nameEn: `${placeEn} ${s.en}`,
        aliases: [place],
        properties: { kind: s.kind },
      }));
    case 'Zone':
      return suffixed(SUFFIXES.Zone!, (s) => ({
        name: place + s.zh,
        nameEn: `${placeEn} ${s.en}`,
        aliases: s.aliasZh ? [place + s.aliasZh, `${placeEn} ${s.aliasEn ?? s.en}`] : [],
        properties: { kind: s.kind },
      }));
    case 'Park':
      return {
        name: `${place}${industry.zh}产业园`,
        nameEn: `${placeEn} ${industryEn} Industrial Park`,
        aliases: [`${place}${industry.short[0]}园`],
        properties: { kind: 'industrial-park', industry: industry.en },
      };
    case 'ParkSection': {
      const [section, sectionEn] = random.pick(SECTIONS);
      return {
        name: `${place}${industry.zh}产业园${section}`,
        nameEn: `${placeEn} ${industryEn} Industrial Park ${sectionEn}`,
        aliases: [],
        properties: { kind: 'park-section' },
      };
    }
    case 'Company': {
      const [brand, brandEn] = coined(random);
      return {
        name: `${place}${brand}${industry.short[0]}有限公司`,
        nameEn: `${placeEn} ${brandEn} ${industry.short[1]} Co., Ltd.`,
        aliases: [brand + industry.short[0], `${brandEn} ${industry.short[1]}`],
        properties: {
          kind: 'company',
          sector: industry.zh,
          sectorEn: industry.en,
          founded: 1990 + random.int(34),
        },
      };
    }
    case 'Organisation':
      return suffixed(SUFFIXES.Organisation!, (s) => ({
        name: place + s.zh,
        nameEn: `${placeEn} ${s.en}`,
        aliases: s.aliasZh ? [place + s.aliasZh] : [],
        properties: { kind: s.kind },
      }));
    case 'Policy': {
      const p = random.pick(POLICIES);
      return {
        name: p.zh(place, industry.zh),
        nameEn: p.en(placeEn, industryEn),
        aliases: [],
        properties: { kind: p.kind, year: 2019 + random.int(5) },
      };
    }
    case 'InnovationOutcome':
      return suffixed(SUFFIXES.InnovationOutcome!, (s) => ({
        name: `${place}${industry.zh}${s.zh}`,
        nameEn: `${placeEn} ${industry.en} ${s.en}`,
        aliases: [],
        properties: { kind: s.kind },
      }));
    case 'Project': {
      const [brand, brandEn] = coined(random);
      return {
        name: `${brand}${industry.zh}项目`,
        nameEn: `${brandEn} ${industry.en} project`,
        aliases: [],
        properties: { kind: 'industrial-project', status: random.pick(PROJECT_STATUS) },
      };
    }
    case 'Equipment': {
      const [brand, brandEn] = coined(random);
      return suffixed(SUFFIXES.Equipment!, (s) => ({
        name: `“${brand}号”${s.zh}`,
        nameEn: `${brandEn} ${s.en}`,
        aliases: [`${brand}号`],
        properties: { kind: s.kind },
      }));
    }
    case 'Product': {
      const [brand, brandEn] = coined(random);
      return suffixed(SUFFIXES.Product!, (s) => ({
        name: brand + s.zh,
        nameEn: `${brandEn} ${s.en}`,
        aliases: [],
        properties: { kind: s.kind },
      }));
    }
    case 'Industry':
      return {
        name: `${place}${industry.zh}产业`,
        nameEn: `${placeEn} ${industry.en} industry`,
        aliases: [industry.zh],
        properties: { kind: 'industry' },
      };
    case 'IndustryChain':
      return {
        name: `${place}${industry.zh}产业链`,
        nameEn: `${placeEn} ${industry.en} industrial chain`,
        aliases: [],
        properties: { kind: 'industrial-chain' },
      };
    case 'Platform':
      return suffixed(SUFFIXES.Platform!, (s) => ({
        name: `${place}${industry.zh}${s.zh}`,
        nameEn: `${placeEn} ${industry.en} ${s.en}`,
        aliases: [],
        properties: { kind: s.kind },
      }));
    case 'Event':
      return suffixed(SUFFIXES.Event!, (s) => ({
        name: `${2019 + random.int(5)}${place}${industry.zh}${s.zh}`,
        nameEn: `${placeEn} ${industryEn} ${s.en}`,
        aliases: [],
        properties: { kind: s.kind },
      }));
    case 'Person': {
      const [surname, surnameEn] = random.pick(SURNAMES);
      const given = random.chance(0.6) ? [random.pick(GIVEN), random.pick(GIVEN)] : [random.pick(GIVEN)];
      return {
        name: surname + given.map((g) => g[0]).join(''),
        nameEn: `${surnameEn} ${capitalise(given.map((g) => g[1]).join(''))}`,
        aliases: [],
        properties: { role: '负责人', roleEn: 'head' },
      };
    }
    case 'Award':
      return suffixed(SUFFIXES.Award!, (s) => ({
        name: `第${1 + random.int(9)}批${s.zh}`,
        nameEn: `${s.en} (batch ${1 + random.int(9)})`,
        aliases: [s.zh],
        properties: { level: s.kind },
      }));
    case 'Article':
      return {
        name: `${place}${industry.zh}发展观察`,
        nameEn: `Observations on ${industry.en} in ${placeEn}`,
        aliases: [],
        properties: { kind: 'news' },
      };
    default:
      return {
        name: `${place}${typeZh}${index}`,
        nameEn: `${placeEn} ${typeEn} ${index}`,
        aliases: [],
        properties: {},
      };
  }
}
