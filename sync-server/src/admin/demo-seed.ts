import { randomUUID } from 'node:crypto';
import type * as Y from 'yjs';
import { encodeStateAsUpdate } from 'yjs';
import { generateCases } from '../../../bench/seed-cases.ts';
import { addPartner, createTeamDoc, teamDocId, type WriteResult } from '../../../src/domain/index.ts';
import type { TeamKind } from '../../../src/protocol/auth.ts';
import { createAccount, revokeDevice } from '../auth/accounts.ts';
import type { ScryptParams } from '../auth/password.ts';
import type { RelayStore, User } from '../storage/contract.ts';
import { docKey } from '../sync/doc-key.ts';

/**
 * The demo data `npm run demo` starts with: one Support-Center, two case managers and 50 fictitious cases
 * (bench/seed-cases.ts, written through the domain API like the app writes them) in the team's log, plus
 * the team doc with a few Netzwerkpartner. Everything here is invented.
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
export const DEMO_CASE_COUNT = 50;

const DEMO_PARTNERS = [
  {
    name: 'Migrationsberatung für Erwachsene (MBE) Demo',
    service: 'Migrationsberatung für Erwachsene',
    phone: '0201 000000',
  },
  { name: 'Jobcenter Demo, Team U25', service: 'Arbeitsvermittlung unter 25' },
  { name: 'Sprachkursträger Demo', service: 'Integrationskurse A1–B1' },
];

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
  const author = users[0]!;
  // The log records which user and device wrote each update; the import gets a device of its own, revoked
  // once the import is done, so it can never sync.
  const device = await store.registerDevice({
    id: randomUUID(),
    userId: author.id,
    name: 'Demo data import',
  });
  const append = async (docId: string, doc: Y.Doc) => {
    const key = docKey(DEMO_TEAM.id, docId);
    await store.registerDoc(key, DEMO_TEAM.id);
    await store.appendUpdate({
      teamId: DEMO_TEAM.id,
      docId: key,
      update: encodeStateAsUpdate(doc),
      userId: author.id,
      deviceId: device.id,
    });
    doc.destroy();
  };

  const teamDoc = must(createTeamDoc(DEMO_TEAM.id, { actor: author.id }), 'team doc');
  for (const partner of DEMO_PARTNERS) must(addPartner(teamDoc, partner, { actor: author.id }), 'partner');
  await append(teamDocId(DEMO_TEAM.id), teamDoc);

  let cases = 0;
  for (const seeded of generateCases({ count, teamId: DEMO_TEAM.id, actor: author.id })) {
    await append(seeded.id, seeded.doc);
    cases += 1;
  }
  await revokeDevice(store, device.id);
  return { seeded: true, cases };
}
