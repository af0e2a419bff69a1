import { locale } from '../../../state/locale.svelte.ts';

/**
 * ISO 3166-1 alpha-2 codes of every country. Names come from the browser (Intl.DisplayNames) in the UI
 * language, so no list of names has to be kept up to date here.
 */
const COUNTRIES =
  'AD AE AF AG AL AM AO AR AT AU AZ BA BB BD BE BF BG BH BI BJ BN BO BR BS BT BW BY BZ CA CD CF CG CH CI CL CM CN CO CR CU CV CY CZ DE DJ DK DM DO DZ EC EE EG ER ES ET FI FJ FM FR GA GB GD GE GH GM GN GQ GR GT GW GY HN HR HT HU ID IE IL IN IQ IR IS IT JM JO JP KE KG KH KI KM KN KP KR KW KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MG MH MK ML MM MN MR MT MU MV MW MX MY MZ NA NE NG NI NL NO NP NR NZ OM PA PE PG PH PK PL PS PT PW PY QA RO RS RU RW SA SB SC SD SE SG SI SK SL SM SN SO SR SS ST SV SY SZ TD TG TH TJ TL TM TN TO TR TT TV TW TZ UA UG US UY UZ VA VC VE VN VU WS XK YE ZA ZM ZW'.split(
    ' ',
  );

/** Languages case managers meet most, first the ones Lotse's client texts are planned in. */
const LANGUAGES =
  'de en ar uk ru tr fa prs ps ku ckb kmr pl ro bg sq sr hr bs mk el it es fr pt ti am so om ha yo ig wo ln sw ur hi pa bn ta si ne vi zh th tl ka hy az uz tg kk ky tk mn ko ja he hu cs sk sl lt lv et fi sv da nb nl rom'.split(
    ' ',
  );

const regionNames = new Map<string, Intl.DisplayNames>();
const languageNames = new Map<string, Intl.DisplayNames>();

function names(cache: Map<string, Intl.DisplayNames>, type: 'region' | 'language'): Intl.DisplayNames {
  let found = cache.get(locale.current);
  if (!found) {
    found = new Intl.DisplayNames([locale.current], { type, fallback: 'code' });
    cache.set(locale.current, found);
  }
  return found;
}

const SPECIAL_NATIONALITIES = {
  stateless: { de: 'staatenlos', en: 'stateless' },
  unclear: { de: 'ungeklärt', en: 'unclear' },
};

export function countryName(code: string): string {
  const special = SPECIAL_NATIONALITIES[code as keyof typeof SPECIAL_NATIONALITIES];
  if (special) return special[locale.current];
  return names(regionNames, 'region').of(code) ?? code;
}

export function languageName(code: string): string {
  try {
    return names(languageNames, 'language').of(code) ?? code;
  } catch {
    return code;
  }
}

/** Built once per UI language: the lists are the same for every field and every case file opened. */
const countryLists = new Map<string, readonly { value: string; label: string }[]>();
const languageLists = new Map<string, readonly { value: string; label: string }[]>();

export function countryOptions(): { value: string; label: string }[] {
  let list = countryLists.get(locale.current);
  if (!list) {
    const collator = new Intl.Collator(locale.current);
    const sorted = COUNTRIES.map((code) => ({ value: code, label: countryName(code) }));
    sorted.sort((a, b) => collator.compare(a.label, b.label));
    list = [
      ...sorted,
      ...Object.keys(SPECIAL_NATIONALITIES).map((code) => ({ value: code, label: countryName(code) })),
    ];
    countryLists.set(locale.current, list);
  }
  // A copy each time: callers may add an option (a stored code no longer on the list) to theirs.
  return list.map((option) => ({ ...option }));
}

export function languageOptions(): { value: string; label: string }[] {
  let list = languageLists.get(locale.current);
  if (!list) {
    list = LANGUAGES.map((code) => ({ value: code, label: languageName(code) }));
    languageLists.set(locale.current, list);
  }
  return list.map((option) => ({ ...option }));
}
