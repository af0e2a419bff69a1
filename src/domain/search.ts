/**
 * Finding a case by a name as someone says or spells it.
 *
 * Names of clients reach the file in many spellings: German umlauts typed as "ue" or dropped, Arabic,
 * Cyrillic or Turkish names in German, English or French transliteration. Each name token gets three keys:
 *
 * 1. plain — lower case, diacritics stripped (ü→u, ş→s, é→e), ß→ss, ł→l, æ→ae, anything else not a letter
 *    or digit is a separator. "Müller" → "muller". Letters of other scripts are kept as they are (Arabic
 *    loses its vowel signs), so a name stored in Cyrillic or Arabic is found when typed that way; there is
 *    no transliteration between scripts — store the Latin spelling as an alias for that.
 * 2. phonetic — the plain key with spelling variants folded, in this order:
 *    a. consonant clusters: tsch/tch→ch, dsch/dzh/dj→j, sch→sh, ph→f, kh→h, ch→h, gh→g, th→t, ck→k
 *       ("Chaled" = "Khaled" = "Haled", "Dschamila" = "Jamila", "Schewtschenko" ≈ "Shevchenko");
 *    b. letters: j→y (German J is English Y: "Jusuf" = "Yusuf"), c→k, q→k, v→w, x→ks;
 *    c. vowels: ou→u, oo→u, ee→i, ay/ey/ai→ei, ie→i, ue→u, ae→a, oe→o
 *       ("Mueller" = "Muller", "Youssef" → "yussef", "Sameer" = "Samir", "Meyer" = "Maier" = "Meier");
 *    d. doubled letters collapse ("Yussef" = "Yusef", "Mohammed" = "Mohamed").
 * 3. skeleton — the phonetic key without vowels, used only for whole tokens of at least three consonants,
 *    so "Muhammad" finds "Mohammed" and "Youssef" finds "Yusuf", while short prefixes do not flood the list.
 *
 * Every query token must match some token of the case (prefix match on plain or phonetic keys, equality
 * on skeletons), or — if it holds a digit — be part of the case number. Both sides go through the same functions, so a folding
 * rule can never make a spelling unfindable, only widen what it finds.
 *
 * Keys are built once per summary; a keystroke normalises the query once and then only compares strings.
 */

export interface SearchKey {
  plain: readonly string[];
  phonetic: readonly string[];
  skeleton: readonly string[];
  /** The case number, lower case, letters and digits only. */
  caseNumber: string;
}

export interface SearchableCase {
  familyName: string | null;
  givenNames: string | null;
  aliases: readonly string[];
  caseNumber: string | null;
}

const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

const COMBINING_MARKS = /\p{M}+/gu;
const NOT_ALPHANUMERIC = /[^\p{L}\p{N}]+/gu;
const SPECIAL = new RegExp(`[${Object.keys(SPECIAL_LETTERS).join('')}]`, 'g');

const CLUSTERS: readonly (readonly [string, string])[] = [
  ['tsch', 'ch'],
  ['dsch', 'j'],
  ['dzh', 'j'],
  ['tch', 'ch'],
  ['dj', 'j'],
  ['sch', 'sh'],
  ['ph', 'f'],
  ['kh', 'h'],
  ['ch', 'h'],
  ['gh', 'g'],
  ['th', 't'],
  ['ck', 'k'],
];
const LETTERS: readonly (readonly [string, string])[] = [
  ['j', 'y'],
  ['c', 'k'],
  ['q', 'k'],
  ['v', 'w'],
  ['x', 'ks'],
];
const VOWELS: readonly (readonly [string, string])[] = [
  ['ou', 'u'],
  ['oo', 'u'],
  ['ee', 'i'],
  ['ay', 'ei'],
  ['ey', 'ei'],
  ['ai', 'ei'],
  ['ie', 'i'],
  ['ue', 'u'],
  ['ae', 'a'],
  ['oe', 'o'],
];
const VOWEL_LETTERS = new Set(['a', 'e', 'i', 'o', 'u']);
const HAS_DIGIT = /\d/;

/** Lower case, no diacritics, letters and digits separated by single spaces: "Ayşe Müller-Öztürk" → "ayse muller ozturk". */
export function plainName(text: string): string {
  return text
    .toLowerCase()
    .replace(SPECIAL, (letter) => SPECIAL_LETTERS[letter] ?? letter)
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(NOT_ALPHANUMERIC, ' ')
    .trim();
}

function applyAll(token: string, rules: readonly (readonly [string, string])[]): string {
  let out = token;
  for (const [from, to] of rules) if (out.includes(from)) out = out.replaceAll(from, to);
  return out;
}

function collapseDoubles(token: string): string {
  let out = '';
  for (const char of token) if (out[out.length - 1] !== char) out += char;
  return out;
}

/** The phonetic key of one plain token (rules in the module comment). */
export function phoneticToken(plain: string): string {
  return collapseDoubles(applyAll(applyAll(applyAll(plain, CLUSTERS), LETTERS), VOWELS));
}

/** The phonetic key without vowels. */
export function skeletonToken(phonetic: string): string {
  let out = '';
  for (const char of phonetic) if (!VOWEL_LETTERS.has(char)) out += char;
  return out;
}

function tokens(text: string): string[] {
  const plain = plainName(text);
  return plain ? plain.split(' ') : [];
}

function caseNumberKey(text: string): string {
  return plainName(text).replaceAll(' ', '');
}

/** Precomputes everything matching needs; build it when a summary is stored, not per keystroke. */
export function buildSearchKey(entry: SearchableCase): SearchKey {
  const names = [entry.familyName ?? '', entry.givenNames ?? '', ...entry.aliases];
  const plain = [...new Set(names.flatMap(tokens))];
  const phonetic = plain.map(phoneticToken);
  return {
    plain,
    phonetic,
    skeleton: phonetic.map(skeletonToken),
    caseNumber: caseNumberKey(entry.caseNumber ?? ''),
  };
}

interface QueryToken {
  plain: string;
  phonetic: string;
  skeleton: string;
  /** Letters and digits only, for matching a piece of the case number. */
  compact: string;
  /** Only tokens with a digit are compared with case numbers, so "Du" does not find every "DU-…" case. */
  hasDigit: boolean;
}

export interface PreparedQuery {
  tokens: readonly QueryToken[];
  /** The whole query without separators, so "du 2024 0123" finds "DU-2024-0123". */
  compact: string;
  hasDigit: boolean;
}

/** Normalises a query once per keystroke. */
export function prepareQuery(text: string): PreparedQuery {
  const plain = tokens(text);
  return {
    tokens: plain.map((token) => {
      const phonetic = phoneticToken(token);
      return {
        plain: token,
        phonetic,
        skeleton: skeletonToken(phonetic),
        compact: token,
        hasDigit: HAS_DIGIT.test(token),
      };
    }),
    compact: plain.join(''),
    hasDigit: HAS_DIGIT.test(text),
  };
}

/** Scores per query token, best first: what kind of likeness was found. */
const SCORE = {
  exact: 100,
  caseNumber: 90,
  prefix: 80,
  phonetic: 70,
  phoneticPrefix: 60,
  skeleton: 40,
} as const;

const MIN_SKELETON = 3;

function tokenScore(query: QueryToken, key: SearchKey): number {
  let best = 0;
  for (let i = 0; i < key.plain.length; i++) {
    const plain = key.plain[i] as string;
    const phonetic = key.phonetic[i] as string;
    if (plain === query.plain) return SCORE.exact;
    if (plain.startsWith(query.plain)) best = Math.max(best, SCORE.prefix);
    else if (phonetic === query.phonetic) best = Math.max(best, SCORE.phonetic);
    else if (phonetic.startsWith(query.phonetic)) best = Math.max(best, SCORE.phoneticPrefix);
    else if (query.skeleton.length >= MIN_SKELETON && key.skeleton[i] === query.skeleton) {
      best = Math.max(best, SCORE.skeleton);
    }
  }
  if (best < SCORE.caseNumber && query.hasDigit && key.caseNumber.includes(query.compact))
    best = SCORE.caseNumber;
  return best;
}

/**
 * How well a case matches the query: 0 for no match, higher is better. An empty query matches everything
 * with score 1, so the list can show all cases before anyone types.
 */
export function matchScore(query: PreparedQuery, key: SearchKey): number {
  if (query.tokens.length === 0) return 1;
  if (query.tokens.length > 1 && query.hasDigit && key.caseNumber.includes(query.compact)) {
    return SCORE.caseNumber * query.tokens.length;
  }
  let total = 0;
  for (const token of query.tokens) {
    const score = tokenScore(token, key);
    if (score === 0) return 0;
    total += score;
  }
  return total;
}

export function matches(query: PreparedQuery | string, key: SearchKey): boolean {
  return matchScore(typeof query === 'string' ? prepareQuery(query) : query, key) > 0;
}

/** The entries that match, best first; ties keep the input order (e.g. the list's own sorting). */
export function rankByQuery<T>(query: string, entries: readonly T[], keyOf: (entry: T) => SearchKey): T[] {
  const prepared = prepareQuery(query);
  const scored: { entry: T; score: number; index: number }[] = [];
  entries.forEach((entry, index) => {
    const score = matchScore(prepared, keyOf(entry));
    if (score > 0) scored.push({ entry, score, index });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.map((item) => item.entry);
}
