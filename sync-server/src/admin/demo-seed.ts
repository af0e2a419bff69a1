import { randomUUID } from 'node:crypto';
import type * as Y from 'yjs';
import { encodeStateAsUpdate } from 'yjs';
import { generateCases } from '../../../bench/seed-cases.ts';
import { reportBarrier } from '../../../src/domain/barrier-report.ts';
import {
  addBarrierCategory,
  addDays,
  addItem,
  localToday,
  addPartner,
  createTeamDoc,
  handOverCase,
  setFullTimePosts,
  teamDocId,
  type IsoDate,
  type WriteResult,
} from '../../../src/domain/index.ts';
import type { Role, TeamKind } from '../../../src/protocol/auth.ts';
import { createAccount, revokeDevice } from '../auth/accounts.ts';
import type { ScryptParams } from '../auth/password.ts';
import type { RelayStore, User } from '../storage/contract.ts';
import { docKey } from '../sync/doc-key.ts';

/**
 * The demo data `npm run demo` starts with: one Support-Center, two case managers and 50 fictitious cases
 * (bench/seed-cases.ts, written through the domain API like the app writes them) in the team's log, plus
 * the team doc with a few Netzwerkpartner and two entries the case managers proposed for coordination to
 * confirm, and an admin and a coordination account (a member of the team, for its vocabulary) so every role
 * can be seen. Every second case is handed over from anna to ben, so both are responsible for some. Reminders of
 * open cases are due like a real caseload relative to the day of seeding: a few overdue, a few today, the
 * rest over the next five weeks. The first case has a barrier reported to coordination, so _Themen_ has
 * something to gather and the case can show what became of it. Everything here is invented.
 */

export const DEMO_TEAM = {
  id: 'demo',
  name: 'Support-Center Demo',
  kind: 'support-center' as TeamKind,
};
export const DEMO_PASSWORD = 'lotse-demo-2026';
export const DEMO_USERS = [
  { login: 'anna', displayName: 'Anna Albers' },
  { login: 'ben', displayName: 'Ben Bauer' },
] as const;
/**
 * Accounts without case access, one per role, so a newcomer can see what each role sees. Coordination
 * belongs to the demo team: it confirms, renames and archives the team's vocabulary.
 */
export const DEMO_STAFF: readonly {
  login: string;
  displayName: string;
  role: Exclude<Role, 'case-manager'>;
}[] = [
  { login: 'admin', displayName: 'Ada Admin', role: 'admin' },
  { login: 'koordination', displayName: 'Kim Koordination', role: 'coordination' },
];
export const DEMO_CASE_COUNT = 50;

/**
 * When an open demo case's reminder is due: every tenth case has them overdue by a few days, every seventh
 * due today, the others spread over the next five weeks.
 */
export function demoReminderDue(caseIndex: number, n: number, today: IsoDate): IsoDate {
  if (caseIndex % 10 === 0) return addDays(today, -1 - ((caseIndex / 10 + n) % 6));
  if (caseIndex % 7 === 1) return today;
  return addDays(today, 1 + ((caseIndex * 7 + n * 5) % 35));
}

const DEMO_PARTNERS = [
  {
    name: 'Migrationsberatung für Erwachsene (MBE) Demo',
    service: 'Migrationsberatung für Erwachsene',
    phone: '0201 000000',
    category: 'migration-counselling',
  },
  { name: 'Jobcenter Demo, Team U25', service: 'Arbeitsvermittlung unter 25', category: 'work-training' },
  { name: 'Sprachkursträger Demo', service: 'Integrationskurse A1–B1', category: 'language-course' },
] as const;

/** The demo team's staffing, so _Berichte_ shows active cases per full-time post. */
const DEMO_FULL_TIME_POSTS = 2.5;

/** Proposed by ben, so coordination has something to confirm. */
const DEMO_PROPOSED_PARTNER = { name: 'Frauenberatungsstelle Demo', service: 'Beratung für Frauen' };
/** Proposed by anna. */
const DEMO_PROPOSED_CATEGORY = 'Fehlende Schulplätze für Seiteneinsteiger*innen';

export interface DemoSeedOptions {
  /** Cheaper password hashing for tests. */
  hashParams?: ScryptParams;
  /** How many cases; the demo uses 50. */
  count?: number;
}

export type DemoSeedResult = { seeded: true; cases: number } | { seeded: false };

function must<T>(result: WriteResult<T>, what: string): T {
  if (!result.ok) throw new Error(`demo seed: ${what} refused: ${JSON.stringify(result.error)}`);
  return result.value;
}

/**
 * Seeds the demo into `store` unless the demo team exists already (then it leaves everything as it is).
 * Throws if an earlier seeding was interrupted halfway, as the data would be incomplete.
 */
export async function seedDemo(store: RelayStore, options: DemoSeedOptions = {}): Promise<DemoSeedResult> {
  const count = options.count ?? DEMO_CASE_COUNT;
  if ((await store.listTeams()).some((team) => team.id === DEMO_TEAM.id)) {
    const docs = await store.docsOfTeam(DEMO_TEAM.id);
    const users = await Promise.all(DEMO_USERS.map((user) => store.userByLogin(user.login)));
    if (docs.length < count + 1 || users.includes(undefined)) {
      throw new Error(
        'The demo data is incomplete (an earlier seeding was interrupted). Delete the data directory and start again.',
      );
    }
    // Demo data of an earlier version had no admin or coordination account, and coordination was in no
    // team: both are added.
    await createStaff(store, options);
    return { seeded: false };
  }

  await store.createTeam(DEMO_TEAM);
  const users: User[] = [];
  for (const { login, displayName } of DEMO_USERS) {
    users.push(
      await createAccount(store, {
        login,
        displayName,
        role: 'case-manager',
        teamIds: [DEMO_TEAM.id],
        password: DEMO_PASSWORD,
        mustChangePassword: false,
        hashParams: options.hashParams,
      }),
    );
  }
  const [author, colleague] = users as [User, User];
  const staff = await createStaff(store, options);
  // The log records which user and device wrote each update; the import gets a device of its own, revoked
  // once the import is done, so it can never sync. It belongs to the admin, not to a case manager, whose
  // own device list would otherwise show a revoked device they never had.
  const importer = staff.find((user) => user.role === 'admin')!;
  const device = await store.registerDevice({
    id: randomUUID(),
    userId: importer.id,
    name: 'Demo data import',
  });
  const append = async (docId: string, doc: Y.Doc) => {
    const key = docKey(DEMO_TEAM.id, docId);
    await store.registerDoc(key, DEMO_TEAM.id);
    await store.appendUpdate({
      teamId: DEMO_TEAM.id,
      docId: key,
      update: encodeStateAsUpdate(doc),
      userId: importer.id,
      deviceId: device.id,
    });
    doc.destroy();
  };

  const teamDoc = must(createTeamDoc(DEMO_TEAM.id, { actor: author.id }), 'team doc');
  for (const partner of DEMO_PARTNERS) must(addPartner(teamDoc, partner, { actor: author.id }), 'partner');
  must(setFullTimePosts(teamDoc, DEMO_FULL_TIME_POSTS, { actor: author.id }), 'staffing');
  must(
    addPartner(teamDoc, DEMO_PROPOSED_PARTNER, { actor: colleague.id, propose: true }),
    'proposed partner',
  );
  must(
    addBarrierCategory(teamDoc, DEMO_PROPOSED_CATEGORY, { actor: author.id, propose: true }),
    'proposed category',
  );
  await append(teamDocId(DEMO_TEAM.id), teamDoc);

  let cases = 0;
  for (const seeded of generateCases({
    count,
    teamId: DEMO_TEAM.id,
    actor: author.id,
    reminderDue: demoReminderDue,
  })) {
    if (cases === 0) reportDemoBarrier(seeded.doc, author.id);
    if (cases % 2 === 1) {
      must(
        handOverCase(
          seeded.doc,
          { to: colleague.id, note: 'Aufteilung der Fälle im Team' },
          { actor: author.id },
        ),
        'handover',
      );
    }
    await append(seeded.id, seeded.doc);
    cases += 1;
  }
  await revokeDevice(store, device.id);
  return { seeded: true, cases };
}

/** A barrier of one demo case, reported to coordination with texts that name nobody. */
function reportDemoBarrier(doc: Y.Doc, actor: string): void {
  const barrierId = must(
    addItem(
      doc,
      'barriers',
      { category: 'waiting-times', institution: 'Ausländerbehörde', observedOn: localToday() },
      { actor },
    ),
    'barrier',
  );
  must(
    reportBarrier(
      doc,
      barrierId,
      {
        category: 'waiting-times',
        institution: 'Ausländerbehörde',
        happened:
          'Termine zur Verlängerung des Aufenthaltstitels gibt es erst nach vier Monaten; bis dahin fehlt die Fiktionsbescheinigung.',
        wouldHelp: 'Feste Terminkontingente für Verlängerungen.',
      },
      { actor },
    ),
    'barrier report',
  );
}

/**
 * The admin (no team) and coordination (the demo team) accounts, neither with case access; those that exist
 * are left as they are, except that coordination is made a member of the demo team if it is not one yet.
 */
async function createStaff(store: RelayStore, options: DemoSeedOptions): Promise<User[]> {
  const staff: User[] = [];
  for (const { login, displayName, role } of DEMO_STAFF) {
    const teamIds = role === 'coordination' ? [DEMO_TEAM.id] : [];
    const existing = await store.userByLogin(login);
    if (existing) {
      const member = new Set((await store.teamsOf(existing.id)).map((team) => team.id));
      for (const teamId of teamIds) if (!member.has(teamId)) await store.addMembership(existing.id, teamId);
    }
    staff.push(
      existing ??
        (await createAccount(store, {
          login,
          displayName,
          role,
          teamIds,
          password: DEMO_PASSWORD,
          mustChangePassword: false,
          hashParams: options.hashParams,
        })),
    );
  }
  return staff;
}
