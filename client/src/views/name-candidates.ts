// Owns finding names in a sentence (pure functions, no DOM), for the reader's chips: entities the
// dataset already has, found by their name, English name or an alias (so the analyst links the
// sentence to them instead of making a twin), and likely new names, found by the suffixes that end
// organisation and place names (公司, 园区, Company, Park…). Rule-based on purpose: the analyst
// confirms every chip, and a rule that misfires is seen and mended, where a model's guess is not.

/** An entity of the article's dataset whose names occur in its text (the reading answers them). */
export interface KnownEntity {
  id: string;
  type: string;
  name: string;
  nameEn: string;
  aliases: string[];
}

/** Where a known entity is named in the sentence, and by which of its names. */
export interface EntityMention {
  entity: KnownEntity;
  /** The words as written in the sentence. */
  text: string;
  start: number;
}

/** A run of words that looks like a name nobody has entered yet. */
export interface NameCandidate {
  text: string;
  start: number;
  /** The suffix that made it look like a name (公司, Park…). */
  suffix: string;
}

/** Shorter names than this match inside too many words (港, 区) to be worth a chip. */
const SHORTEST_NAME = 2;

const isLatin = (name: string) => /^[\x20-\x7e]+$/.test(name);

/** Offsets of `name` in `sentence`; a Latin name only as whole words and in any case. */
function occurrences(sentence: string, name: string): number[] {
  const found: number[] = [];
  if (isLatin(name)) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const m of sentence.matchAll(new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, 'gi')))
      found.push(m.index);
    return found;
  }
  for (let at = sentence.indexOf(name); at >= 0; at = sentence.indexOf(name, at + name.length))
    found.push(at);
  return found;
}

const overlaps = (a: { start: number; text: string }, start: number, length: number) =>
  start < a.start + a.text.length && a.start < start + length;

/**
 * Known entities named in the sentence, in reading order. The longest name wins where two overlap
 * (烟台港集团 over 烟台港), so one stretch of text is one chip.
 */
export function entityMentions(sentence: string, known: readonly KnownEntity[]): EntityMention[] {
  const names = known.flatMap((entity) =>
    [entity.name, entity.nameEn, ...entity.aliases]
      .filter((name) => name && name.trim().length >= SHORTEST_NAME)
      .map((name) => ({ entity, name: name.trim() })),
  );
  names.sort((a, b) => b.name.length - a.name.length);
  const mentions: EntityMention[] = [];
  for (const { entity, name } of names) {
    for (const start of occurrences(sentence, name)) {
      if (mentions.some((m) => overlaps(m, start, name.length))) continue;
      mentions.push({ entity, text: sentence.slice(start, start + name.length), start });
    }
  }
  return mentions.sort((a, b) => a.start - b.start);
}

/** Longest first, so 经开区 is tried before 区-less 开区 would be, and 产业园区 before 园区. */
const CHINESE_SUFFIXES = [
  '经济技术开发区',
  '综合保税区',
  '开发区',
  '经开区',
  '综保区',
  '高新区',
  '实验室',
  '产业园',
  '物流园',
  '园区',
  '集团',
  '公司',
  '中心',
  '平台',
  '港区',
].sort((a, b) => b.length - a.length);

/**
 * Characters a Chinese name does not run back over: function words and the verbs that come before
 * a name in news prose ("入驻…园区", "由…公司"). A name starts after the last of them.
 */
const CHINESE_STOPS = [
  '入驻',
  '落户',
  '建设',
  '新建',
  '投资',
  '宣布',
  '成立',
  '设立',
  '位于',
  '签约',
  '引进',
  '打造',
  '扩建',
  '联合',
  '共建',
  '今年',
  '去年',
  '明年',
  '目前',
  '已经',
  '在',
  '和',
  '与',
  '及',
  '的',
  '是',
  '为',
  '由',
  '将',
  '把',
  '被',
  '对',
  '向',
  '从',
  '到',
  '于',
  '了',
  '并',
  '等',
  '或',
  '同',
];
/** Words that point back at a name already said (该公司, 本平台): not a new name. */
const POINTING = /^[该本此这其各全每那]/u;
/** A Chinese name's longest stretch before its suffix. */
const LONGEST_STEM = 14;

function chineseCandidates(sentence: string): NameCandidate[] {
  const found: NameCandidate[] = [];
  for (const suffix of CHINESE_SUFFIXES) {
    for (let at = sentence.indexOf(suffix); at >= 0; at = sentence.indexOf(suffix, at + suffix.length)) {
      // The stem: Chinese characters (and Latin letters, as in "SK海力士公司") back from the suffix.
      let from = at;
      // It stops where another name's suffix ends: two names side by side are two chips.
      while (
        from > 0 &&
        at - from < LONGEST_STEM &&
        /[\p{Script=Han}A-Za-z]/u.test(sentence[from - 1]!) &&
        !CHINESE_SUFFIXES.some((s) => sentence.endsWith(s, from))
      )
        from -= 1;
      let stem = sentence.slice(from, at);
      let cut = -1;
      for (const stop of CHINESE_STOPS) {
        const i = stem.lastIndexOf(stop);
        if (i >= 0) cut = Math.max(cut, i + stop.length);
      }
      if (cut > 0) {
        from += cut;
        stem = stem.slice(cut);
      }
      if (stem.length < SHORTEST_NAME || POINTING.test(stem)) continue;
      found.push({ text: sentence.slice(from, at + suffix.length), start: from, suffix });
    }
  }
  return found;
}

const ENGLISH_SUFFIXES = [
  'Company',
  'Co.',
  'Corporation',
  'Group',
  'Park',
  'Zone',
  'Centre',
  'Center',
  'Laboratory',
  'Lab',
  'Platform',
  'Port',
  'Institute',
];
/** Capitalised words (with "of", "and", "&" between them) ending in one of the suffixes. */
const ENGLISH_NAME = new RegExp(
  `\\b((?:[A-Z][\\w'-]*\\s+(?:(?:of|and|&|for|the)\\s+)?){1,6}(${ENGLISH_SUFFIXES.map((s) =>
    s.replace('.', '\\.'),
  ).join('|')}))(?![A-Za-z])`,
  'g',
);
/** Capitalised words that start a sentence or point back, not a name's first word. */
const ENGLISH_LEADS = /^(?:The|This|That|These|Its|Their|Our|A|An)\s+/;

function englishCandidates(sentence: string): NameCandidate[] {
  const found: NameCandidate[] = [];
  for (const m of sentence.matchAll(ENGLISH_NAME)) {
    let text = m[1]!;
    let start = m.index;
    const lead = ENGLISH_LEADS.exec(text);
    if (lead) {
      text = text.slice(lead[0].length);
      start += lead[0].length;
    }
    // A suffix alone ("Park") is no name.
    if (text === m[2]) continue;
    found.push({ text, start, suffix: m[2]! });
  }
  return found;
}

/**
 * Likely new names in the sentence, in reading order: the longest where two overlap, and none over
 * a stretch already named by a known entity (`taken`), which links instead.
 */
export function nameCandidates(sentence: string, taken: readonly EntityMention[] = []): NameCandidate[] {
  const all = [...chineseCandidates(sentence), ...englishCandidates(sentence)].sort(
    (a, b) => b.text.length - a.text.length || a.start - b.start,
  );
  const kept: NameCandidate[] = [];
  for (const c of all) {
    if (taken.some((m) => overlaps(m, c.start, c.text.length))) continue;
    if (kept.some((k) => overlaps(k, c.start, c.text.length))) continue;
    kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}
