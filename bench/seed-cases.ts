/**
 * Realistic, fictitious case files for benchmarks (and later a demo mode). Every case is written through
 * the domain API, exactly as the app writes it, so the docs carry the same structure, validation and Yjs
 * history as real ones. Pure Node + domain: no DOM, no storage.
 *
 * Deterministic: the same seed and `today` give the same cases (names, dates, texts, ids). Only Yjs's
 * random client ids differ between runs, which changes bytes but not content.
 */
import type * as Y from 'yjs';
import {
  addConsent,
  addContact,
  addDays,
  addGoal,
  addNotice,
  addReminder,
  addStep,
  changePhase,
  CONSENT_DATA_CATEGORIES,
  createCaseDoc,
  daysBetween,
  DGCC_PHASES,
  localToday,
  readCase,
  summarizeCase,
  updateAssessment,
  updateSection,
  type CaseSummary,
  type IsoDate,
  type Phase,
  type WriteOptions,
  type WriteResult,
} from '../src/domain/index.ts';
import { ALIASES, CITIES, ORIGINS, STREETS, type Origin } from './seed-names.ts';
import { GOALS, NOTES, NOTICE_INSTITUTIONS, REMINDERS } from './seed-texts.ts';
import { Random } from './seed-random.ts';
import { benefitsFor, residenceFor } from './seed-residence.ts';

export interface SeedOptions {
  /** How many cases; the benchmarks use 1,000, the caseload the design is measured against. */
  count?: number;
  seed?: number;
  /** The day the data is generated for; dates lie before it, reminders and appointments partly after. */
  today?: IsoDate;
  /** The user and team the cases belong to ('local' is the app's device profile). */
  actor?: string;
  teamId?: string;
  /**
   * The due date of an open case's reminder number `n`, instead of a random day around its last contact:
   * the demo uses it for a caseload that looks like a real one today. Benchmarks leave it out.
   */
  reminderDue?: (caseIndex: number, n: number, today: IsoDate) => IsoDate;
}

export interface SeededCase {
  id: string;
  doc: Y.Doc;
  summary: CaseSummary;
}

/** A moment on `date` in local time, so the domain's "today" for input rules is that date. */
function at(date: IsoDate, minutes = 600): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d, 0, minutes);
}

function must<T>(result: WriteResult<T>, what: string): T {
  if (!result.ok) throw new Error(`seed: ${what} refused: ${JSON.stringify(result.error)}`);
  return result.value;
}

/** Final phases of full cases: most are being worked on, some just started, some closed. */
const FINAL_PHASES: readonly { phase: Phase; weight: number }[] = [
  { phase: 'intake', weight: 5 },
  { phase: 'assessment', weight: 10 },
  { phase: 'planning', weight: 15 },
  { phase: 'linking', weight: 20 },
  { phase: 'monitoring', weight: 35 },
  { phase: 'evaluation', weight: 5 },
  { phase: 'closed', weight: 10 },
];

function familyName(rng: Random, origin: Origin, female: boolean): string {
  const name = rng.pick(origin.familyNames);
  return typeof name === 'string' ? name : name[female ? 1 : 0];
}

function buildCase(
  rng: Random,
  index: number,
  today: IsoDate,
  actor: string,
  teamId: string,
  reminderDue?: SeedOptions['reminderDue'],
): Y.Doc {
  const origin = rng.weighted(ORIGINS);
  const female = rng.chance(0.5);
  const family = familyName(rng, origin, female);
  const given = rng.pick(female ? origin.female : origin.male);
  const who = `${female ? 'Frau' : 'Herr'} ${family}`;
  const short = rng.chance(0.1);
  const start = addDays(today, -rng.int(14, 3 * 365));
  const newId = () => rng.uuid();
  const opts = (date: IsoDate, minutes?: number): WriteOptions => ({ now: at(date, minutes), actor, newId });

  const native = rng.pick(origin.languages);
  const german = native === 'de' ? null : rng.pick(['A1', 'A2', 'B1', 'B2'] as const);
  const arrived = origin.nationality === 'DE' ? undefined : addDays(start, -rng.int(30, 8 * 365));
  const place = rng.pick(CITIES);
  const alias = ALIASES[family] ?? ALIASES[given];
  const doc = must(
    createCaseDoc(
      {
        kind: short ? 'short-counselling' : 'case',
        teamId,
        createdBy: actor,
        caseNumber: rng.chance(0.7)
          ? `KIM-${start.slice(0, 4)}-${String(index + 1).padStart(4, '0')}`
          : undefined,
        aliases: alias && rng.chance(0.6) ? [alias] : [],
        person: {
          familyName: family,
          givenNames: given,
          birthDate: addDays(today, -rng.int(18 * 365, 67 * 365)),
          nationalities: [origin.nationality],
          languages: german
            ? [
                { language: native, level: 'native' },
                { language: 'de', level: german },
              ]
            : [{ language: native, level: 'native' }],
          interpreterNeeded: german === 'A1' || german === 'A2',
          phone: rng.chance(0.8)
            ? `0${rng.pick([151, 160, 176, 157])} ${rng.int(1_000_000, 9_999_999)}`
            : undefined,
          street: `${rng.pick(STREETS)} ${rng.int(1, 120)}`,
          postalCode: `${place.postal}${rng.int(100, 999)}`,
          city: place.city,
          sharedAccommodation: arrived !== undefined && rng.chance(0.2),
          arrivedInGermanyOn: arrived,
          arrivedInMunicipalityOn: arrived && addDays(arrived, rng.int(0, daysBetween(arrived, start))),
          accessRoute: rng.pick(['self', 'abh', 'jobcenter', 'school', 'other-service'] as const),
        },
      },
      opts(start, 540),
    ),
    'case',
  );
  const status = rng.pick(origin.statuses);
  must(
    updateSection(doc, 'residence', residenceFor(rng, status, start, today, place.city), opts(start)),
    'residence',
  );
  must(updateSection(doc, 'benefits', benefitsFor(rng, status, place.city), opts(start)), 'benefits');
  must(
    addConsent(
      doc,
      {
        recipient: 'Kommunales Integrationsmanagement (Case-Management)',
        purpose: 'Beratung, Hilfeplanung und Dokumentation im Case-Management',
        dataCategories: [...CONSENT_DATA_CATEGORIES],
        givenAt: at(start, 560).toISOString(),
        form: 'written',
        language: rng.chance(0.5) ? 'de' : native,
      },
      opts(start, 560),
    ),
    'consent',
  );

  // Contact dates spread from the first meeting to today (or the closure), oldest first.
  const final = short ? (rng.chance(0.5) ? 'closed' : 'intake') : rng.weighted(FINAL_PHASES).phase;
  const end =
    final === 'closed' ? addDays(today, -rng.int(1, Math.min(200, daysBetween(start, today)))) : today;
  const span = Math.max(0, daysBetween(start, end));
  const count = short ? rng.int(5, 8) : rng.int(5, 40);
  const dates = [start, ...Array.from({ length: count - 1 }, () => addDays(start, rng.int(0, span)))].sort();
  const target =
    final === 'closed' ? rng.int(1, DGCC_PHASES.length - 1) : DGCC_PHASES.indexOf(final as never);
  let phase = 0;

  dates.forEach((date, n) => {
    const note = rng.pick(NOTES);
    const extra = rng.chance(0.4) ? ` ${rng.pick(NOTES).text}` : '';
    const interpreted = german !== null && (german === 'A1' || german === 'A2') && rng.chance(0.6);
    must(
      addContact(
        doc,
        {
          date,
          kind: note.kind,
          durationMinutes: rng.pick([15, 30, 45, 60, 90, 120]),
          place: note.kind === 'office' ? 'Büro KIM' : undefined,
          topics: [...note.topics],
          note: `${note.text}${extra}`.replaceAll('{who}', who),
          interpreterLanguage: interpreted ? native : undefined,
          interpreterKind: interpreted ? rng.pick(['professional', 'volunteer'] as const) : undefined,
          accompanimentOffice: note.office,
          accompanimentAppointment: note.office ? 'Vorsprache' : undefined,
        },
        opts(date, 600 + n),
      ),
      'contact',
    );
    // The case moves one phase forward every few contacts until it reaches its final phase.
    if (!short && phase < target && (n + 1) % 2 === 0) {
      phase += 1;
      const next = DGCC_PHASES[phase]!;
      must(changePhase(doc, next, opts(date, 700 + n)), `phase ${next}`);
      if (next === 'assessment') assess(rng, doc, opts(date, 710 + n), date);
      if (next === 'planning') plan(rng, doc, opts(date, 720 + n), date, today);
    }
  });

  const last = dates.at(-1)!;
  for (let r = rng.int(0, 3); r > 0; r -= 1) {
    const due =
      reminderDue && final !== 'closed' ? reminderDue(index, r, today) : addDays(last, rng.int(-30, 60));
    must(
      addReminder(
        doc,
        {
          due,
          text: rng.pick(REMINDERS),
          // With a demo schedule, what is due stays open and a closed case's past reminders are done.
          done: reminderDue ? final === 'closed' && due < today : due < today && rng.chance(0.4),
        },
        opts(last, 900 + r),
      ),
      'reminder',
    );
  }
  if (rng.chance(0.3)) {
    const notice = rng.pick(NOTICE_INSTITUTIONS);
    must(
      addNotice(doc, { ...notice, receivedOn: addDays(last, -rng.int(0, 10)) }, opts(last, 950)),
      'notice',
    );
  }
  if (final === 'closed') {
    const reason = rng.pick(['goals-achieved', 'handed-over', 'moved-away', 'contact-lost'] as const);
    must(changePhase(doc, 'closed', { ...opts(last, 1000), closure: { reason, closedOn: last } }), 'closure');
  }
  return doc;
}

function assess(rng: Random, doc: Y.Doc, opts: WriteOptions, date: IsoDate): void {
  for (const goal of GOALS) {
    if (!rng.chance(0.5)) continue;
    const need = rng.pick(['low', 'medium', 'high'] as const);
    must(updateAssessment(doc, goal.domain, { need, assessedOn: date }, opts), 'assessment');
  }
}

function plan(rng: Random, doc: Y.Doc, opts: WriteOptions, date: IsoDate, today: IsoDate): void {
  const goals = rng.sample(GOALS, rng.int(1, 4));
  for (const goal of goals) {
    const dueOn = addDays(date, rng.int(90, 365));
    const status =
      dueOn < today ? rng.pick(['achieved', 'in-progress', 'not-achieved'] as const) : 'in-progress';
    const goalId = must(
      addGoal(doc, { text: goal.text, lifeDomain: goal.domain, status, agreedOn: date, dueOn }, opts),
      'goal',
    );
    for (const text of goal.steps.slice(0, rng.int(1, goal.steps.length))) {
      const step = {
        text,
        responsible: rng.pick(['client', 'case-manager'] as const),
        dueOn: addDays(date, rng.int(14, 120)),
        status: rng.pick(['open', 'in-progress', 'achieved'] as const),
      };
      must(addStep(doc, goalId, step, opts), 'step');
    }
  }
}

/** Generates the cases one by one, so a caller can store each and let it go. */
export function* generateCases(options: SeedOptions = {}): Generator<SeededCase> {
  const {
    count = 1_000,
    seed = 20_240_917,
    today = localToday(),
    actor = 'local',
    teamId = 'local',
    reminderDue,
  } = options;
  const rng = new Random(seed);
  for (let index = 0; index < count; index += 1) {
    const doc = buildCase(rng, index, today, actor, teamId, reminderDue);
    yield { id: doc.guid, doc, summary: summarizeCase(readCase(doc), today) };
  }
}
