import { labelOf, type Label, type Locale } from '../../domain/labels.ts';
import { readPeriod, type PeriodKind } from '../../domain/report-period.ts';
import { REFERRAL_STATUSES } from '../../domain/vocabulary.ts';
import { SUPPRESSED, type ReportCell, type ReportTable } from '../../protocol/reports.ts';

/**
 * How coordination's report tables (src/protocol/reports.ts) read on screen, in the CSV files and in the
 * print: German and English names for the tables, their columns and their rows. The relay sends ids and
 * vocabulary values only; everything a person reads is named here or in `src/domain/labels.ts`.
 */

/** What a suppressed count reads. */
export const SUPPRESSED_TEXT = '< 5';

const TABLES: Record<string, { title: Label; file: string; rowHeader: Label }> = {
  caseload: {
    title: { de: 'Fallzahlen je Team', en: 'Caseload per team' },
    file: 'fallzahlen',
    rowHeader: { de: 'Team', en: 'Team' },
  },
  closures: {
    title: { de: 'Abgeschlossene Fälle nach Grund', en: 'Closed cases by reason' },
    file: 'abschluesse',
    rowHeader: { de: 'Grund des Abschlusses', en: 'Reason for closure' },
  },
  lifeDomains: {
    title: { de: 'Lebensbereiche: Bedarf und Ziele', en: 'Life domains: needs and goals' },
    file: 'lebensbereiche',
    rowHeader: { de: 'Lebensbereich', en: 'Life domain' },
  },
  ageBands: {
    title: { de: 'Altersgruppen der neuen Fälle', en: 'Age bands of new cases' },
    file: 'altersgruppen',
    rowHeader: { de: 'Altersgruppe', en: 'Age band' },
  },
  nationalities: {
    title: { de: 'Staatsangehörigkeiten der neuen Fälle', en: 'Nationalities of new cases' },
    file: 'staatsangehoerigkeiten',
    rowHeader: { de: 'Staatsangehörigkeit', en: 'Nationality' },
  },
  interpreterNeeded: {
    title: { de: 'Sprachmittlung benötigt (neue Fälle)', en: 'Interpreter needed (new cases)' },
    file: 'sprachmittlung',
    rowHeader: { de: 'Sprachmittlung benötigt', en: 'Interpreter needed' },
  },
  gender: {
    title: { de: 'Geschlecht (neue Fälle)', en: 'Gender (new cases)' },
    file: 'geschlecht',
    rowHeader: { de: 'Geschlecht', en: 'Gender' },
  },
  residenceAtIntake: {
    title: {
      de: 'Aufenthaltsstatus bei Aufnahme (neue Fälle)',
      en: 'Residence status at intake (new cases)',
    },
    file: 'aufenthalt-bei-aufnahme',
    rowHeader: { de: 'Aufenthaltsstatus', en: 'Residence status' },
  },
  residenceChanges: {
    title: { de: 'Wechsel des Aufenthaltsstatus', en: 'Changes of residence status' },
    file: 'aufenthaltswechsel',
    rowHeader: { de: 'Neuer Aufenthaltsstatus', en: 'New residence status' },
  },
  pathways: {
    title: {
      de: 'Aufenthaltswege und Einbürgerung (Baustein 3)',
      en: 'Residence pathways and naturalisation (Baustein 3)',
    },
    file: 'aufenthaltswege',
    rowHeader: { de: 'Aufenthaltsweg', en: 'Pathway' },
  },
  referrals: {
    title: {
      de: 'Vermittlungen nach Kategorie des Netzwerkpartners und Stand',
      en: 'Referrals by category of the partner service and status',
    },
    file: 'vermittlungen',
    rowHeader: { de: 'Kategorie des Netzwerkpartners', en: 'Category of the partner service' },
  },
  contacts: {
    title: { de: 'Kontakte nach Art', en: 'Contacts by kind' },
    file: 'kontakte',
    rowHeader: { de: 'Art des Kontakts', en: 'Kind of contact' },
  },
  barriers: {
    title: { de: 'Strukturelle Hürden nach Kategorie', en: 'Structural barriers by category' },
    file: 'huerden',
    rowHeader: { de: 'Kategorie', en: 'Category' },
  },
  reportedBarriers: {
    title: {
      de: 'An die Koordination gemeldete Hürden nach Kategorie und Institution',
      en: 'Barriers reported to coordination by category and institution',
    },
    file: 'gemeldete-huerden',
    rowHeader: { de: 'Kategorie', en: 'Category' },
  },
};

const UNITS: Record<string, Label> = {
  cases: { de: 'Fälle', en: 'Cases' },
  goals: { de: 'Ziele', en: 'Goals' },
  referrals: { de: 'Vermittlungen', en: 'Referrals' },
  contacts: { de: 'Kontakte', en: 'Contacts' },
  barriers: { de: 'Hürden', en: 'Barriers' },
  reports: { de: 'Meldungen', en: 'Reports' },
  changes: { de: 'Wechsel', en: 'Changes' },
};

const COLUMNS: Record<string, Label> = {
  new: { de: 'Neue Fälle', en: 'New cases' },
  active: { de: 'Aktive Fälle', en: 'Active cases' },
  closed: { de: 'Abgeschlossene Fälle', en: 'Closed cases' },
  shortCounselling: { de: 'Kurzberatungen', en: 'Short counselling' },
  goalsSet: { de: 'Ziele gesetzt', en: 'Goals set' },
  goalsReached: { de: 'Ziele erreicht', en: 'Goals reached' },
  checked: { de: 'Fälle in Arbeit', en: 'Cases worked on' },
  handedOver: { de: 'Übergeben', en: 'Handed over' },
  granted: { de: 'Erteilt', en: 'Granted' },
  refused: { de: 'Abgelehnt', en: 'Refused' },
  pending: { de: 'Offen zum Ende', en: 'Pending at the end' },
  perFullTimePost: { de: 'Aktive Fälle je Vollzeitstelle', en: 'Active cases per full-time post' },
  total: { de: 'Gesamt', en: 'Total' },
};

/** Columns whose values are ratios with one decimal, not counts. */
const RATIO_COLUMNS: ReadonlySet<string> = new Set(['perFullTimePost']);

const ROWS: Record<string, Label> = {
  total: { de: 'Gesamt', en: 'Total' },
  subtotal: { de: 'Zwischensumme', en: 'Subtotal' },
  'other-teams': { de: 'Weitere Teams', en: 'Other teams' },
  others: { de: 'Weitere', en: 'Others' },
  unspecified: { de: 'ohne Angabe', en: 'not stated' },
};

const AGE_BANDS: Record<string, Label> = {
  'under-18': { de: 'unter 18 Jahre', en: 'under 18' },
  '18-26': { de: '18 bis 26 Jahre', en: '18 to 26' },
  '27-44': { de: '27 bis 44 Jahre', en: '27 to 44' },
  '45-64': { de: '45 bis 64 Jahre', en: '45 to 64' },
  '65-plus': { de: '65 Jahre und älter', en: '65 and older' },
};

const YES_NO: Record<string, Label> = { yes: { de: 'ja', en: 'yes' }, no: { de: 'nein', en: 'no' } };

const SPECIAL_NATIONALITIES: Record<string, Label> = {
  stateless: { de: 'staatenlos', en: 'stateless' },
  unclear: { de: 'ungeklärt', en: 'unclear' },
};

const NOT_RECORDED: Record<string, Label> = {
  perFullTimePost: { de: 'Fälle je Vollzeitstelle', en: 'Cases per full-time post' },
  partnerCategory: { de: 'Kategorie des Netzwerkpartners', en: 'Category of the partner service' },
};

const KINDS: Record<PeriodKind, Label> = {
  month: { de: 'Monat', en: 'Month' },
  quarter: { de: 'Quartal', en: 'Quarter' },
  'half-year': { de: 'Halbjahr', en: 'Half-year' },
  year: { de: 'Jahr', en: 'Year' },
};

export const PERIOD_KINDS = Object.keys(KINDS) as PeriodKind[];

export function periodKindName(kind: PeriodKind, locale: Locale): string {
  return KINDS[kind][locale];
}

const monthNames: Record<Locale, Intl.DateTimeFormat> = {
  de: new Intl.DateTimeFormat('de-DE', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

/** A period in words: "März 2026", "3. Quartal 2026", "1. Halbjahr 2026", "Jahr 2026". */
export function periodName(id: string, locale: Locale): string {
  const period = readPeriod(id);
  if (typeof period === 'string') return id;
  const { year, index } = period;
  switch (period.kind) {
    case 'month':
      return monthNames[locale].format(Date.UTC(year, index - 1, 1));
    case 'quarter':
      return locale === 'de' ? `${index}. Quartal ${year}` : `Q${index} ${year}`;
    case 'half-year':
      return locale === 'de' ? `${index}. Halbjahr ${year}` : `H${index} ${year}`;
    case 'year':
      return locale === 'de' ? `Jahr ${year}` : `Year ${year}`;
  }
}

const regionNames: Partial<Record<Locale, Intl.DisplayNames>> = {};

function countryName(code: string, locale: Locale): string {
  const special = SPECIAL_NATIONALITIES[code];
  if (special) return special[locale];
  regionNames[locale] ??= new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
  try {
    return regionNames[locale].of(code) ?? code;
  } catch {
    return code;
  }
}

export function tableTitle(table: Pick<ReportTable, 'id'>, locale: Locale): string {
  return TABLES[table.id]?.title[locale] ?? table.id;
}

/** The CSV file of a table: `lotse-bericht-2026-Q3-fallzahlen.csv`. */
export function tableFileName(table: Pick<ReportTable, 'id'>, periodId: string): string {
  const name = TABLES[table.id]?.file ?? table.id.replace(/[^a-z0-9-]+/gi, '-').toLowerCase();
  return `lotse-bericht-${periodId.replace(/[^0-9A-Za-z-]+/g, '-')}-${name}.csv`;
}

export function columnLabel(table: Pick<ReportTable, 'unit'>, column: string, locale: Locale): string {
  if (column === 'count') return UNITS[table.unit]?.[locale] ?? column;
  if (column.startsWith('need-')) return labelOf('needLevel', column.slice('need-'.length), locale);
  if (table.unit === 'referrals' && column !== 'total') return labelOf('referralStatus', column, locale);
  const named = COLUMNS[column]?.[locale];
  if (named !== undefined) return named;
  // The barrier tables have one column per period.
  return typeof readPeriod(column) === 'string' ? column : periodName(column, locale);
}

/** A row's name in a table; the relay's `label` is a team's name, an institution or a subtotal's category. */
export function rowLabel(
  table: Pick<ReportTable, 'id'>,
  row: { key: string; label?: string | undefined },
  locale: Locale,
): string {
  const common = ROWS[row.key]?.[locale];
  if (common !== undefined) return common;
  switch (table.id) {
    case 'caseload':
      return row.label ?? row.key;
    case 'closures':
      return labelOf('closureReason', row.key, locale);
    case 'lifeDomains':
      return labelOf('lifeDomain', row.key, locale);
    case 'ageBands':
      return AGE_BANDS[row.key]?.[locale] ?? row.key;
    case 'nationalities':
      return countryName(row.key, locale);
    case 'interpreterNeeded':
      return YES_NO[row.key]?.[locale] ?? row.key;
    case 'referrals':
      // Reports stored before referrals were counted by partner category have a row per status.
      return (REFERRAL_STATUSES as readonly string[]).includes(row.key)
        ? labelOf('referralStatus', row.key, locale)
        : labelOf('partnerCategory', row.key, locale);
    case 'contacts':
      return labelOf('contactKind', row.key, locale);
    case 'gender':
      return labelOf('gender', row.key, locale);
    case 'residenceAtIntake':
    case 'residenceChanges':
      return labelOf('residenceStatus', row.key, locale);
    case 'pathways':
      return labelOf('pathway', row.key, locale);
    default:
      return row.key;
  }
}

export function notRecordedLabel(dimension: string, locale: Locale): string {
  return NOT_RECORDED[dimension]?.[locale] ?? dimension;
}

const ratioFormats: Record<Locale, Intl.NumberFormat> = {
  de: new Intl.NumberFormat('de-DE', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    useGrouping: false,
  }),
  en: new Intl.NumberFormat('en-GB', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    useGrouping: false,
  }),
};

/**
 * A count as shown and exported: the number, or "< 5" when it is not published; empty where the row has no
 * value. A ratio (`ratio`) has one decimal, with a decimal comma in German ("2,5").
 */
export function cellText(cell: ReportCell | undefined, ratio = false, locale: Locale = 'de'): string {
  if (cell === undefined) return '';
  if (cell === SUPPRESSED) return SUPPRESSED_TEXT;
  return ratio ? ratioFormats[locale].format(cell) : String(cell);
}

export type GridRowKind = 'data' | 'subtotal' | 'total';

export interface ReportGridRow {
  kind: GridRowKind;
  /** The row's names: one, or category and institution for the reported barriers. */
  heads: string[];
  /** The counts as text, in the order of the grid's columns. */
  cells: string[];
  /** The counts as numbers; `null` where suppressed. */
  values: (number | null)[];
}

/** A table as people read it: headers and rows with every name in the UI language. */
export interface ReportGrid {
  id: string;
  title: string;
  /** The headers of the name columns, then of the count columns. */
  heads: string[];
  columns: string[];
  rows: ReportGridRow[];
  notRecorded: string[];
}

export function reportGrid(table: ReportTable, locale: Locale): ReportGrid {
  const twoHeads = table.id === 'reportedBarriers';
  const rowHeader = TABLES[table.id]?.rowHeader[locale] ?? '';
  const heads = twoHeads ? [rowHeader, 'Institution'] : [rowHeader];
  const rows = table.rows.map((row): ReportGridRow => {
    const kind: GridRowKind = row.key === 'total' ? 'total' : row.key === 'subtotal' ? 'subtotal' : 'data';
    const cells = table.columns.map((column) => row.cells[column]);
    let names: string[];
    if (!twoHeads) names = [rowLabel(table, row, locale)];
    else if (kind === 'subtotal') names = [row.label ?? '', ROWS.subtotal![locale]];
    else if (kind === 'total') names = [ROWS.total![locale], ''];
    else names = [row.key, row.label ?? ''];
    return {
      kind,
      heads: names,
      cells: cells.map((cell, c) => cellText(cell, RATIO_COLUMNS.has(table.columns[c]!), locale)),
      values: cells.map((cell) => (typeof cell === 'number' ? cell : null)),
    };
  });
  return {
    id: table.id,
    title: tableTitle(table, locale),
    heads,
    columns: table.columns.map((column) => columnLabel(table, column, locale)),
    rows,
    notRecorded: table.notRecorded.map((dimension) => notRecordedLabel(dimension, locale)),
  };
}
