import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addContact } from '../../../src/domain/case-write-items.ts';
import { setPersonField } from '../../../src/domain/case-write.ts';
import { createThema } from '../../../src/domain/coordination-doc.ts';
import { addDays, localToday } from '../../../src/domain/dates.ts';
import { writeThemenFeed } from '../../../src/domain/themen-feed.ts';
import { caseList } from '../../../src/state/case-list.svelte.ts';
import {
  CONSENT_REMINDER_DAYS,
  cases,
  KEEP_OPEN,
  type NewCaseInput,
} from '../../../src/state/cases.svelte.ts';
import type { CaseSession } from '../../../src/state/case-session.svelte.ts';
import { openDeviceStore, type DeviceStore } from '../../../src/state/device-store.ts';
import { team } from '../../../src/state/team.svelte.ts';

let store: DeviceStore;
let counter = 0;

function newCase(familyName: string, givenNames: string, extra: Partial<NewCaseInput> = {}): NewCaseInput {
  return {
    kind: 'case',
    familyName,
    givenNames,
    firstContact: { date: localToday(), kind: 'office', note: 'Erstkontakt' },
    consent: { decision: 'not-yet' },
    ...extra,
  };
}

async function created(input: NewCaseInput): Promise<string> {
  const result = await cases.create(input);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

beforeEach(async () => {
  store = await openDeviceStore({
    server: `https://relay-${++counter}.test`,
    user: { id: 'cm-1', teamId: 'team-1' },
  });
  await cases.init(store);
});

afterEach(async () => {
  cases.reset();
  caseList.reset();
  team.reset();
  await store.db.delete();
});

describe('the case library', () => {
  it('stores a new case with its first contact and consent, and lists it', async () => {
    const record = {
      recipient: 'Kommunales Integrationsmanagement (Case-Management)',
      purpose: 'Beratung im Case-Management',
      dataCategories: ['identity' as const, 'contact' as const],
      givenAt: new Date().toISOString(),
      form: 'written' as const,
      language: 'uk',
    };
    const id = await created(newCase('Petrenko', 'Olena', { consent: { decision: 'given', record } }));
    const session = await cases.open(id);
    expect(session?.file.person).toMatchObject({ familyName: 'Petrenko', givenNames: 'Olena' });
    expect(session?.file.contacts).toHaveLength(1);
    expect(session?.file.consents[0]).toMatchObject({ form: 'written', language: 'uk' });
    // Exactly the categories given: nothing implied, health in particular.
    expect(session?.file.consents[0]?.dataCategories).toEqual(['identity', 'contact']);
    expect(session?.file.reminders).toEqual([]);
    expect(session?.file.meta).toMatchObject({ createdBy: 'cm-1', teamId: 'team-1', phase: 'intake' });
    expect(cases.summaries.get(id)?.displayName).toBe('Petrenko, Olena');
  });

  it('sets a Wiedervorlage when consent is not given yet, and records no consent', async () => {
    const id = await created(newCase('Haddad', 'Lina'));
    const session = await cases.open(id);
    expect(session?.file.consents).toEqual([]);
    expect(session?.file.reminders.map((r) => r.text)).toEqual([
      'Einwilligung in das Case-Management einholen',
    ]);
    expect(session?.file.reminders[0]?.due).toBe(addDays(localToday(), CONSENT_REMINDER_DAYS));
  });

  it('after a refused consent allows only a Kurzberatung', async () => {
    const refused = await cases.create(newCase('Nowak', 'Jan', { consent: { decision: 'refused' } }));
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.issues[0]).toMatchObject({
        path: 'consent',
        message: 'Ohne Einwilligung in das Case-Management ist nur eine Kurzberatung möglich.',
      });
    }
    expect(await store.db.updates.count()).toBe(0);
    const id = await created(
      newCase('Nowak', 'Jan', { kind: 'short-counselling', consent: { decision: 'refused' } }),
    );
    const session = await cases.open(id);
    expect(session?.file.meta.kind).toBe('short-counselling');
    expect(session?.file.consents).toEqual([]);
    expect(session?.file.reminders).toEqual([]);
  });

  it('keeps the case files left last open, closes older ones, and never one shown or with unsaved changes', async () => {
    const ids: string[] = [];
    for (let i = 0; i < KEEP_OPEN + 3; i += 1) ids.push(await created(newCase(`Fall${i}`, 'Test')));
    const shown = await cases.open(ids[0]!);
    // Every other case is opened and left in turn, as a person going through the list.
    const left = new Map<string, CaseSession | undefined>();
    for (const id of ids.slice(1)) {
      left.set(id, await cases.open(id));
      cases.release(id);
    }
    // The shown one and the last KEEP_OPEN left stay open, as the same sessions; older ones were closed.
    expect(cases.openCount).toBe(1 + KEEP_OPEN);
    const kept = ids.slice(-KEEP_OPEN);
    for (const id of [...kept].reverse()) {
      expect(await cases.open(id)).toBe(left.get(id));
      cases.release(id);
    }
    expect(await cases.open(ids[0]!)).toBe(shown);
    cases.release(ids[0]!);

    // A change not yet on disk keeps a case open past its turn: the next oldest closes instead. The release
    // runs before the change can reach the disk.
    const oldest = kept.at(-1)!;
    const changed = left.get(oldest)!;
    expect(setPersonField(changed.doc, 'familyName', 'Geändert', changed.writeOptions).ok).toBe(true);
    expect(changed.pendingWrites).toBeGreaterThan(0);
    const loading = cases.open(ids[1]!);
    cases.release(ids[1]!);
    expect(cases.openCount).toBe(1 + KEEP_OPEN);
    expect(await cases.open(oldest)).toBe(changed);
    cases.release(oldest);
    expect(await cases.open(kept.at(-2)!)).not.toBe(left.get(kept.at(-2)!));
    cases.release(kept.at(-2)!);
    await loading;

    // Once stored, it closes when its turn comes, and opens again with the change.
    await cases.flush();
    expect(changed.pendingWrites).toBe(0);
    for (const id of ids.slice(1, 1 + KEEP_OPEN)) {
      await cases.open(id);
      cases.release(id);
    }
    const again = await cases.open(oldest);
    expect(again).not.toBe(changed);
    expect(again?.file.person.familyName).toBe('Geändert');
    cases.release(oldest);
  });

  it('refuses a case without a name and stores nothing', async () => {
    const result = await cases.create(newCase('  ', ''));
    expect(result.ok).toBe(false);
    expect(await store.db.updates.count()).toBe(0);
    expect(cases.summaries.size).toBe(0);
  });

  it('refuses a first contact in the future with a German message and stores nothing', async () => {
    const result = await cases.create(
      newCase('Haddad', 'Samir', {
        firstContact: { date: '2999-01-01', kind: 'office', note: 'Erstkontakt' },
      }),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.issues[0]?.path).toBe('firstContact.date');
      expect(result.error.issues[0]?.message).toMatch(/Zukunft/);
    }
    expect(await store.db.updates.count()).toBe(0);
  });

  it('checks a new case as creating it would, without storing anything', async () => {
    const nameless = cases.check(newCase('  ', ''));
    expect(nameless.ok).toBe(false);
    if (!nameless.ok) expect(nameless.error.issues[0]?.path).toBe('person.familyName');
    const future = cases.check(
      newCase('Haddad', 'Samir', {
        firstContact: { date: '2999-01-01', kind: 'office', note: 'Erstkontakt' },
      }),
    );
    expect(future.ok).toBe(false);
    if (!future.ok) expect(future.error.issues[0]?.path).toBe('firstContact.date');
    expect(cases.check(newCase('Haddad', 'Samir')).ok).toBe(true);
    expect(await store.db.updates.count()).toBe(0);
    expect(await store.db.outbox.count()).toBe(0);
    expect(cases.summaries.size).toBe(0);
  });

  it('keeps every change across a restart, summaries included', async () => {
    const id = await created(newCase('Yılmaz', 'Ayşe'));
    const session = (await cases.open(id))!;
    expect(setPersonField(session.doc, 'city', 'Duisburg', session.writeOptions).ok).toBe(true);
    expect(addContact(session.doc, { date: localToday(), kind: 'home-visit', note: 'Hausbesuch' }).ok).toBe(
      true,
    );
    await cases.flush();

    cases.reset();
    await cases.init(store);
    const reopened = (await cases.open(id))!;
    expect(reopened.file.person.city).toBe('Duisburg');
    expect(reopened.file.contacts.map((contact) => contact.kind).sort()).toEqual(['home-visit', 'office']);
    expect(cases.summaries.get(id)?.counts.contacts).toBe(2);
  });

  it('never lists the team doc as a case, though it shares the store', async () => {
    const id = await created(newCase('Haddad', 'Samir'));
    await team.init(store);
    expect(team.addPartner({ name: 'Caritas Migrationsberatung' }).ok).toBe(true);
    await store.docs.flush();
    expect(await store.docs.docIds()).toContain('team:team-1');

    // At start, every stored doc without an up-to-date summary is summarised, except the team doc.
    cases.reset();
    await cases.init(store);
    expect([...cases.summaries.keys()]).toEqual([id]);
    expect([...(await store.summaries.all()).summaries.keys()]).toEqual([id]);
    expect(cases.quarantined).toBe(0);
    expect(await cases.open('team:team-1')).toBeUndefined();
  });

  it('never lists a Themen feed or the coordination doc as a case', async () => {
    const id = await created(newCase('Haddad', 'Samir'));
    const feed = new Y.Doc();
    writeThemenFeed(
      feed,
      new Map([
        [
          'b-1@2026-11-02T09:00:00.000Z',
          { themaId: 't-1', title: 'Wartezeiten', status: 'reported', statusOn: '2026-11-03' },
        ],
      ]),
    );
    await store.docs.storeRemote('themen:team-1', [Y.encodeStateAsUpdate(feed)], 'team-1');
    const coordination = new Y.Doc();
    expect(createThema(coordination, { title: 'Wartezeiten' }).ok).toBe(true);
    await store.docs.append('coordination', Y.encodeStateAsUpdate(coordination));
    cases.applyRemote('themen:team-1', [Y.encodeStateAsUpdate(feed)]);
    await cases.settled();

    cases.reset();
    await cases.init(store);
    expect([...cases.summaries.keys()]).toEqual([id]);
    expect([...(await store.summaries.all()).summaries.keys()]).toEqual([id]);
    expect(await cases.open('themen:team-1')).toBeUndefined();
    expect(await cases.open('coordination')).toBeUndefined();
  });

  it('rebuilds a summary that lags behind its doc', async () => {
    const id = await created(newCase('Nowak', 'Piotr'));
    // A change stored without its summary, as after a crash between the two writes.
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate((await cases.open(id))!.doc));
    const before = Y.encodeStateVector(doc);
    setPersonField(doc, 'familyName', 'Nowakowski');
    await store.docs.append(id, Y.encodeStateAsUpdate(doc, before));

    cases.reset();
    await cases.init(store);
    expect(cases.summaries.get(id)?.displayName).toBe('Nowakowski, Piotr');
  });
});

describe('the case list', () => {
  beforeEach(async () => {
    await created(newCase('Müller', 'Hans'));
    await created(newCase('Al-Hassan', 'Yusuf'));
    await created(newCase('Popescu', 'Ioana', { kind: 'short-counselling' }));
  });

  it('finds names across umlaut spellings and transliterations', () => {
    caseList.query = 'Mueller';
    expect(caseList.results.map((summary) => summary.displayName)).toEqual(['Müller, Hans']);
    caseList.query = 'jusuf';
    expect(caseList.results.map((summary) => summary.displayName)).toEqual(['Al-Hassan, Yusuf']);
    caseList.query = 'Schmidt';
    expect(caseList.results).toEqual([]);
  });

  it('filters Kurzberatung and sorts by name when not searching', () => {
    expect(caseList.results.map((summary) => summary.familyName)).toEqual(['Al-Hassan', 'Müller', 'Popescu']);
    caseList.filters.shortCounselling = true;
    expect(caseList.results.map((summary) => summary.familyName)).toEqual(['Popescu']);
    expect(caseList.filtered).toBe(true);
    caseList.clear();
    expect(caseList.results).toHaveLength(3);
  });

  it('filters by phase and by cases with a deadline due', () => {
    caseList.filters.phase = 'assessment';
    expect(caseList.results).toEqual([]);
    caseList.filters.phase = 'intake';
    expect(caseList.results).toHaveLength(3);
    caseList.filters.due = true;
    expect(caseList.results).toEqual([]);
  });
});

describe('damaged storage', () => {
  it('sets aside the records of a case that cannot be read, and every other case still opens', async () => {
    const good = await created(newCase('Haddad', 'Samir'));
    const bad = await created(newCase('Kaya', 'Emre'));
    await cases.flush();
    // Overwrite every stored update of one case with bytes that are not a Yjs update.
    const rows = await store.db.updates.where('docId').equals(bad).toArray();
    for (const row of rows) await store.db.updates.put({ ...row, data: new Uint8Array([255, 0, 1]) });

    cases.reset();
    await cases.init(store);
    expect(cases.status).toBe('ready');
    // The damaged case stays listed by its intact summary, so nobody forgets it exists.
    expect([...cases.summaries.keys()].sort()).toEqual([good, bad].sort());
    expect(await cases.open(bad)).toBeUndefined();
    expect(cases.quarantined).toBe(rows.length);
    expect((await cases.open(good))?.file.person.familyName).toBe('Haddad');
  });
});
