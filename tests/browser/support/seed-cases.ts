import * as Y from 'yjs';
import { createCaseDoc } from '../../../src/domain/case-doc.ts';
import { addContact, addGoal, addReminder, addStep } from '../../../src/domain/case-write-items.ts';
import { handOverCase } from '../../../src/domain/case-write-handover.ts';
import { changePhase } from '../../../src/domain/case-write-phase.ts';
import { addDays, type IsoDate } from '../../../src/domain/dates.ts';
import type { LifeDomain, Phase } from '../../../src/domain/vocabulary.ts';
import { docKey } from '../../../sync-server/src/sync/doc-key.ts';
import type { TestRelay } from '../../support/relay.ts';
import { TEAM, type TestAccount } from './accounts.ts';

export interface SeedCase {
  familyName: string;
  givenNames?: string;
  birthDate?: IsoDate;
  caseNumber?: string;
  /** Who opened the case (and is responsible for it unless it was handed over). */
  owner: TestAccount;
  /** The case was handed over to this person (_Fall übergeben_). */
  handedOverTo?: TestAccount;
  /** Manual reminders; one in the past is written as on the day before it was due. */
  reminders?: { due: IsoDate; text: string }[];
  /** Goals with their steps, written by the owner on the day the case was opened (2 January 2024). */
  goals?: { text: string; lifeDomain: LifeDomain; steps?: string[] }[];
  /** A phase reachable from intake in one move. */
  phase?: Extract<Phase, 'assessment' | 'evaluation'>;
  /** Closes the case on this day (after its reminders were written). */
  closedOn?: IsoDate;
  /** Phone calls of the Beratungsverlauf, each written on its day. */
  contacts?: { date: IsoDate; note: string }[];
  /** Anything else, written by the owner after the contacts (consents, referrals, notes …). */
  write?: (doc: Y.Doc, opts: { actor: string; now: Date }) => void;
}

/**
 * Puts cases into `TEAM` on the relay (and resolves their doc ids) as a colleague's device would have pushed them, so a device that
 * logs in afterwards loads them like any other case.
 */
export async function seedCases(relay: TestRelay, cases: readonly SeedCase[]): Promise<string[]> {
  const store = relay.store;
  const ids: string[] = [];
  const devices = new Map<string, string>();
  for (const seed of cases) {
    const user = await store.userByLogin(seed.owner.login);
    if (!user) throw new Error(`no account ${seed.owner.login}`);
    let deviceId = devices.get(user.id);
    if (!deviceId) {
      deviceId = (
        await store.registerDevice({ id: `seed-${user.id}-${Date.now()}`, userId: user.id, name: 'Seed' })
      ).id;
      devices.set(user.id, deviceId);
    }
    const person = {
      familyName: seed.familyName,
      ...(seed.givenNames ? { givenNames: seed.givenNames } : {}),
      ...(seed.birthDate ? { birthDate: seed.birthDate } : {}),
    };
    const created = createCaseDoc(
      {
        kind: 'case',
        teamId: TEAM.id,
        createdBy: user.id,
        ...(seed.caseNumber ? { caseNumber: seed.caseNumber } : {}),
        person,
      },
      { actor: user.id, now: new Date('2024-01-02T10:00:00Z') },
    );
    if (!created.ok) throw new Error(`seed case refused: ${JSON.stringify(created.error)}`);
    const doc = created.value;
    for (const reminder of seed.reminders ?? []) {
      const now = new Date(`${addDays(reminder.due, -1)}T10:00:00Z`);
      const written = addReminder(doc, reminder, { actor: user.id, now });
      if (!written.ok) throw new Error(`seed reminder refused: ${JSON.stringify(written.error)}`);
    }
    const opened = { actor: user.id, now: new Date('2024-01-02T10:00:00Z') };
    for (const goal of seed.goals ?? []) {
      const goalId = addGoal(doc, { text: goal.text, lifeDomain: goal.lifeDomain, status: 'open' }, opened);
      if (!goalId.ok) throw new Error(`seed goal refused: ${JSON.stringify(goalId.error)}`);
      for (const text of goal.steps ?? []) {
        must(addStep(doc, goalId.value, { text, responsible: 'client', status: 'open' }, opened));
      }
    }
    for (const contact of seed.contacts ?? []) {
      const now = new Date(`${contact.date}T12:00:00Z`);
      must(addContact(doc, { ...contact, kind: 'phone' }, { actor: user.id, now }));
    }
    seed.write?.(doc, { actor: user.id, now: new Date() });
    if (seed.handedOverTo) {
      const to = await store.userByLogin(seed.handedOverTo.login);
      if (!to) throw new Error(`no account ${seed.handedOverTo.login}`);
      must(handOverCase(doc, { to: to.id }, { actor: user.id }));
    }
    if (seed.phase) must(changePhase(doc, seed.phase, { actor: user.id }));
    if (seed.closedOn) {
      must(
        changePhase(doc, 'closed', {
          actor: user.id,
          now: new Date(`${seed.closedOn}T12:00:00Z`),
          closure: { reason: 'goals-achieved', closedOn: seed.closedOn },
        }),
      );
    }
    ids.push(doc.guid);
    const key = docKey(TEAM.id, doc.guid);
    await store.registerDoc(key, TEAM.id);
    await store.appendUpdate({
      teamId: TEAM.id,
      docId: key,
      update: Y.encodeStateAsUpdate(doc),
      userId: user.id,
      deviceId,
    });
  }
  return ids;
}

function must(result: { ok: boolean; error?: unknown }): void {
  if (!result.ok) throw new Error(`seed write refused: ${JSON.stringify(result.error)}`);
}
