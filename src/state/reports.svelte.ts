import { localToday, type IsoDate } from '../domain/dates.ts';
import { COORDINATION_LOG_ID } from '../domain/doc-kinds.ts';
import type { Label } from '../domain/labels.ts';
import {
  lastEndedPeriods,
  parseReportPeriod,
  PERIOD_PROBLEMS,
  type PeriodKind,
  type ReportPeriod,
} from '../domain/report-period.ts';
import type { TeamInfo } from '../protocol/auth.ts';
import { REPORT_PATHS, ReportAnswerSchema, type ReportAnswer } from '../protocol/reports.ts';
import {
  cachedAnswerKeys,
  forgetCachedAnswer,
  readCachedAnswer,
  saveCachedAnswer,
} from '../storage/answer-cache.ts';
import type { Codec } from '../storage/codec.ts';
import { databaseName, LotseDatabase } from '../storage/db.ts';
import { sendJsonWithAnswer, type ApiFailure, type RelayApiOptions } from './admin-api.ts';
import { sessionApiOptions } from './relay-api.ts';
import { session } from './session.svelte.ts';
import { vault } from './vault.svelte.ts';

/*
 * Coordination's reports on the device (docs/architecture.md#reports): the filter (teams of the session,
 * a fixed period), the relay's answer, and the last answers kept sealed in the person's database so a
 * report opens in a meeting room without a network.
 */

/** How many periods of each kind are offered, newest first. */
export const PERIODS_OFFERED: Record<PeriodKind, number> = { month: 12, quarter: 8, 'half-year': 4, year: 3 };

/** How many fetched reports the device keeps; the oldest are dropped. */
export const KEPT_REPORTS = 20;

const KEY_PREFIX = 'report:';

/** The cache key of a report: `report:<sorted team ids>:<period>`. */
export function reportCacheKey(teams: readonly string[], period: string): string {
  return `${KEY_PREFIX}${[...teams].sort().join(',')}:${period}`;
}

export interface ReportStorage {
  db: LotseDatabase;
  codec: Codec;
}

export interface ReportsDeps {
  options: () => RelayApiOptions;
  /** The person's database and the open vault's codec; `undefined` while nobody is signed in or it is locked. */
  storage: () => Promise<ReportStorage | undefined>;
  teams: () => readonly TeamInfo[];
  today: () => IsoDate;
  now: () => number;
}

/** Why no (new) report is shown. */
export type ReportProblem =
  /** The filter is not one the relay accepts (said by the app or by the relay), in both languages. */
  | { kind: 'invalid'; text: Label }
  /** The relay refused or failed. */
  | { kind: 'failed'; error: ApiFailure }
  /** No connection to the relay, and no stored report for this filter. */
  | { kind: 'unreachable' };

export interface ShownReport {
  key: string;
  answer: ReportAnswer;
  /** When this device received it (ms since the epoch). */
  fetchedAt: number;
  /** Read from the device, not just fetched. */
  stored: boolean;
  /** Shown from the device because the relay could not be reached. */
  unreachable: boolean;
}

export interface StoredReport {
  key: string;
  teams: { id: string; name: string }[];
  periodId: string;
  computedAt: string;
  fetchedAt: number;
}

/** The team choice that stands for every team of the person. */
export const ALL_TEAMS = '*';

const NO_TEAM: Label = {
  de: 'Bitte ein Team oder alle Teams wählen.',
  en: 'Choose one team or all teams.',
};

/**
 * The relay's `bad-request` message in both languages: a period refusal is the relay's English text of
 * `PERIOD_PROBLEMS`; an unknown team or filter is named; anything else is shown as the relay wrote it.
 */
export function refusalText(message: string | undefined): Label {
  const text = (message ?? '').trim();
  const period = Object.values(PERIOD_PROBLEMS).find((problem) => problem.en === text);
  if (period) return period;
  const team = /^Unknown team: (.+)$/.exec(text);
  if (team) {
    return {
      de: `Unbekanntes Team: ${team[1]}. Bitte die Auswahl neu laden.`,
      en: `Unknown team: ${team[1]}. Please reload the selection.`,
    };
  }
  if (text.startsWith('Ask for one team or for all of your teams')) {
    return {
      de: 'Bitte ein Team oder alle Ihre Teams wählen: Berichte über andere Zusammenstellungen ließen sich gegeneinander verrechnen und kleine Zahlen verraten.',
      en: 'Choose one team or all of your teams: reports of other selections could be set off against each other and give small counts away.',
    };
  }
  const filter = /^Unknown filter: ([^.]+)\./.exec(text);
  if (filter) {
    return {
      de: `Unbekannter Filter: ${filter[1]}. Erlaubt sind nur Teams und Zeitraum.`,
      en: `Unknown filter: ${filter[1]}. Only teams and period are allowed.`,
    };
  }
  return {
    de: `Der Server hat die Auswahl nicht angenommen${text ? `: ${text}` : '.'}`,
    en: `The server did not accept the selection${text ? `: ${text}` : '.'}`,
  };
}

function messageOf(answer: unknown): string | undefined {
  if (answer === null || typeof answer !== 'object') return undefined;
  const message = (answer as { message?: unknown }).message;
  return typeof message === 'string' ? message : undefined;
}

async function openSessionStorage(): Promise<ReportStorage | undefined> {
  const user = session.user;
  if (!user || vault.status !== 'unlocked') return undefined;
  // The database alone, as the vault opens it: the device store would bring Yjs into this screen's code.
  const db = new LotseDatabase(databaseName(location.origin, user.id));
  await db.open();
  return { db, codec: vault.codec };
}

const SESSION_DEPS: ReportsDeps = {
  options: sessionApiOptions,
  storage: openSessionStorage,
  teams: () => session.teams,
  today: () => localToday(),
  now: () => Date.now(),
};

export type ReportsStatus = 'idle' | 'loading' | 'ready';

/** The report screen's state: filter, the report shown, why none is, and the reports kept on the device. */
export class ReportsState {
  readonly #deps: ReportsDeps;
  #storage: Promise<ReportStorage | undefined> | undefined;
  /** One team's id, or `ALL_TEAMS`: the relay reports on one team or on all of a coordinator's teams. */
  teamChoice = $state(ALL_TEAMS);
  kind = $state<PeriodKind>('quarter');
  periodId = $state('');
  status = $state<ReportsStatus>('idle');
  shown = $state.raw<ShownReport | null>(null);
  problem = $state.raw<ReportProblem | null>(null);
  stored = $state.raw<StoredReport[]>([]);

  constructor(deps: ReportsDeps = SESSION_DEPS) {
    this.#deps = deps;
    this.periodId = this.periods[0]?.id ?? '';
    // With a single team, the choice is that team.
    const [only, ...others] = this.teams;
    if (only && others.length === 0) this.teamChoice = only.id;
  }

  /** The teams the person may report on: the session's (without coordination's own log). */
  get teams(): readonly TeamInfo[] {
    return this.#deps.teams().filter((team) => team.id !== COORDINATION_LOG_ID);
  }

  /** The ids of the teams the choice stands for. */
  get selectedTeams(): string[] {
    const ids = this.teams.map((team) => team.id);
    return this.teamChoice === ALL_TEAMS ? ids : ids.filter((id) => id === this.teamChoice);
  }

  /** The ended periods of the chosen kind, newest first. */
  get periods(): ReportPeriod[] {
    return lastEndedPeriods(this.kind, this.#deps.today(), PERIODS_OFFERED[this.kind]);
  }

  /** A new kind of period selects its last ended period. */
  chooseKind(kind: PeriodKind): void {
    this.kind = kind;
    this.periodId = this.periods[0]?.id ?? '';
  }

  #openStorage(): Promise<ReportStorage | undefined> {
    this.#storage ??= this.#deps.storage().catch((error: unknown) => {
      console.error('The stored reports cannot be opened', error);
      this.#storage = undefined;
      return undefined;
    });
    return this.#storage;
  }

  /** Lists the stored reports and shows the newest one (from the device; nothing is asked of the relay). */
  async init(): Promise<void> {
    await this.#listStored();
    const newest = this.stored[0];
    if (newest && this.shown === null) await this.showStored(newest.key);
  }

  /** Shows a stored report and puts its teams and period into the filter. */
  async showStored(key: string, unreachable = false): Promise<boolean> {
    const storage = await this.#openStorage();
    if (!storage) return false;
    const cached = await readCachedAnswer(storage.db, storage.codec, key, ReportAnswerSchema);
    if (!cached) return false;
    this.shown = { key, answer: cached.value, fetchedAt: cached.fetchedAt, stored: true, unreachable };
    this.#filterFrom(cached.value);
    this.status = 'ready';
    return true;
  }

  /** Asks the relay for the report of the filter; without a connection, shows the stored one if there is. */
  async create(): Promise<void> {
    this.problem = null;
    const teams = this.selectedTeams;
    if (teams.length === 0) {
      this.problem = { kind: 'invalid', text: NO_TEAM };
      return;
    }
    const period = parseReportPeriod(this.periodId, this.#deps.today());
    if (!period.ok) {
      this.problem = { kind: 'invalid', text: { de: period.de, en: period.en } };
      return;
    }
    const key = reportCacheKey(teams, period.period.id);
    const query = `teams=${encodeURIComponent(teams.join(','))}&period=${encodeURIComponent(period.period.id)}`;
    this.status = 'loading';
    const result = await sendJsonWithAnswer(
      this.#deps.options(),
      'GET',
      `${REPORT_PATHS.report}?${query}`,
      ReportAnswerSchema,
    );
    if (result.ok) {
      const fetchedAt = this.#deps.now();
      this.shown = { key, answer: result.value, fetchedAt, stored: false, unreachable: false };
      this.status = 'ready';
      await this.#store(key, result.value, fetchedAt);
      return;
    }
    if (result.error === 'network') {
      if (await this.showStored(key, true)) return;
      this.problem = { kind: 'unreachable' };
    } else if (result.error === 'bad-request') {
      this.problem = { kind: 'invalid', text: refusalText(messageOf(result.answer)) };
    } else {
      this.problem = { kind: 'failed', error: result.error };
    }
    this.status = this.shown ? 'ready' : 'idle';
  }

  #filterFrom(answer: ReportAnswer): void {
    const [only, ...others] = answer.teams;
    this.teamChoice = only && others.length === 0 ? only.id : ALL_TEAMS;
    const kind = answer.period.kind as PeriodKind;
    if (kind in PERIODS_OFFERED) {
      this.kind = kind;
      this.periodId = this.periods.some((period) => period.id === answer.period.id)
        ? answer.period.id
        : (this.periods[0]?.id ?? '');
    }
  }

  async #store(key: string, answer: ReportAnswer, fetchedAt: number): Promise<void> {
    const storage = await this.#openStorage();
    if (!storage) return;
    try {
      await saveCachedAnswer(storage.db, storage.codec, key, { value: answer, fetchedAt });
      await this.#listStored();
      for (const old of this.stored.slice(KEPT_REPORTS)) await forgetCachedAnswer(storage.db, old.key);
      this.stored = this.stored.slice(0, KEPT_REPORTS);
    } catch (error) {
      // The report is shown all the same; only the copy for offline use is missing.
      console.error('The report could not be stored on the device', error);
    }
  }

  async #listStored(): Promise<void> {
    const storage = await this.#openStorage();
    if (!storage) return;
    const found: StoredReport[] = [];
    for (const key of await cachedAnswerKeys(storage.db, KEY_PREFIX)) {
      const cached = await readCachedAnswer(storage.db, storage.codec, key, ReportAnswerSchema);
      if (!cached) continue;
      found.push({
        key,
        teams: cached.value.teams,
        periodId: cached.value.period.id,
        computedAt: cached.value.computedAt,
        fetchedAt: cached.fetchedAt,
      });
    }
    this.stored = found.sort((a, b) => b.fetchedAt - a.fetchedAt);
  }
}
