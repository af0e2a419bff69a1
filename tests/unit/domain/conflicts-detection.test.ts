import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WriteOptions } from '../../../src/domain/case-doc.ts';
import {
  addContact,
  addGoal,
  addStep,
  setStepStatus,
  updateItem,
} from '../../../src/domain/case-write-items.ts';
import { setPersonField, setProse, updateSection } from '../../../src/domain/case-write.ts';
import { detectConflicts, editsOfTransaction, type PendingEdit } from '../../../src/domain/conflicts.ts';
import { readCase } from '../../../src/domain/case-read.ts';
import { newCase, NOW } from './case-fixtures.ts';

const REMOTE = Symbol('remote');
const ARRIVED = new Date('2025-06-02T12:00:00.000Z');

/** One device: its replica of the case, its unsynced edits as the recorder sees them, and its updates. */
interface Device {
  doc: Y.Doc;
  pending: Map<string, PendingEdit>;
  updates: Uint8Array[];
  opts: WriteOptions;
}

function device(base: Y.Doc, clientID: number, actor: string, minute: number): Device {
  const doc = new Y.Doc({ guid: base.guid });
  doc.clientID = clientID;
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base), REMOTE);
  const pending = new Map<string, PendingEdit>();
  const updates: Uint8Array[] = [];
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (transaction.origin === REMOTE) return;
    for (const edit of editsOfTransaction(transaction)) pending.set(edit.path, edit);
  });
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== REMOTE) updates.push(update);
  });
  let next = 0;
  const now = new Date(NOW.getTime() + minute * 60_000);
  return { doc, pending, updates, opts: { now, actor, newId: () => `${actor}-${++next}` } };
}

/** Two devices on the same case, created and synced once before they go offline. */
function pair(setup: (doc: Y.Doc) => void = () => {}) {
  const base = newCase({ person: { familyName: 'Haddad', city: 'Duisburg' } });
  setup(base);
  // The lower client id loses Yjs's tie-break for concurrent writes to one key.
  return { base, low: device(base, 1, 'Anna', 1), high: device(base, 2, 'Bea', 2) };
}

function detect(on: Device, from: Device) {
  return detectConflicts({
    doc: on.doc,
    updates: from.updates,
    pending: on.pending.values(),
    receivedAt: ARRIVED,
  });
}

function deliver(to: Device, from: Device): void {
  for (const update of from.updates) Y.applyUpdate(to.doc, update, REMOTE);
}

describe('detecting conflicts between unsynced edits and remote updates', () => {
  it('reports a field both devices changed on the device whose value loses', () => {
    const { low, high } = pair();
    expect(setPersonField(low.doc, 'city', 'Essen', low.opts).ok).toBe(true);
    expect(setPersonField(high.doc, 'city', 'Oberhausen', high.opts).ok).toBe(true);

    const conflicts = detect(low, high);
    deliver(low, high);

    expect(readCase(low.doc).file.person.city).toBe('Oberhausen');
    expect(conflicts).toEqual([
      {
        path: 'person/city',
        label: { de: 'Ort', en: 'Town' },
        mine: 'Essen',
        theirs: 'Oberhausen',
        current: 'Oberhausen',
        holds: 'theirs',
        who: 'Bea',
        when: '2025-06-02T10:02:00.000Z',
        whenSource: 'written',
      },
    ]);
  });

  it('reports it as well on the device whose value wins, which syncs second', () => {
    const { low, high } = pair();
    setPersonField(low.doc, 'city', 'Essen', low.opts);
    setPersonField(high.doc, 'city', 'Oberhausen', high.opts);

    const conflicts = detect(high, low);
    deliver(high, low);

    expect(readCase(high.doc).file.person.city).toBe('Oberhausen');
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      path: 'person/city',
      mine: 'Oberhausen',
      theirs: 'Essen',
      holds: 'mine',
      who: 'Anna',
    });
  });

  it('reports a field that had no value before (written with its parent, not through an origin)', () => {
    const { low, high } = pair();
    setPersonField(low.doc, 'phone', '0203 1234', low.opts);
    setPersonField(high.doc, 'phone', '0203 9876', high.opts);

    expect(detect(low, high).map((c) => [c.path, c.mine, c.theirs])).toEqual([
      ['person/phone', '0203 1234', '0203 9876'],
    ]);
  });

  it('reports nothing when the devices changed different fields', () => {
    const { low, high } = pair();
    setPersonField(low.doc, 'city', 'Essen', low.opts);
    updateSection(high.doc, 'residence', { status: 'toleration' }, high.opts);
    setPersonField(high.doc, 'phone', '0203 9876', high.opts);

    expect(low.pending.has('person/city')).toBe(true);
    expect(detect(low, high)).toEqual([]);
  });

  it('never reports prose, which merges character by character', () => {
    const { low, high } = pair((base) => {
      setProse(base, { part: 'notes' }, 'Erstgespräch im Büro.');
    });
    setProse(low.doc, { part: 'notes' }, 'Erstgespräch im Büro. Termin ABH folgt.', low.opts);
    setProse(high.doc, { part: 'notes' }, 'Erstgespräch im Büro mit Dolmetscherin.', high.opts);

    expect([...low.pending.keys()]).toEqual([]);
    expect(detect(low, high)).toEqual([]);
    deliver(low, high);
    expect(readCase(low.doc).file.notes).toContain('Termin ABH folgt');
    expect(readCase(low.doc).file.notes).toContain('mit Dolmetscherin');
  });

  it('reports nothing for an echo of its own updates', () => {
    const { low } = pair();
    setPersonField(low.doc, 'city', 'Essen', low.opts);
    setPersonField(low.doc, 'familyName', 'Haddad-Nasser', low.opts);

    expect(low.pending.size).toBe(2);
    expect(detect(low, low)).toEqual([]);
  });

  it('names a field of a list item by the item id', () => {
    const { low, high } = pair((base) => {
      const added = addContact(
        base,
        { date: '2025-06-01', kind: 'office', durationMinutes: 30, note: 'Erstgespräch' },
        {
          newId: () => 'contact-7',
        },
      );
      if (!added.ok) throw new Error('fixture');
    });
    updateItem(low.doc, 'contacts', 'contact-7', { durationMinutes: 45 }, low.opts);
    updateItem(high.doc, 'contacts', 'contact-7', { durationMinutes: 60 }, high.opts);

    const conflicts = detect(low, high);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      path: 'contacts/contact-7/durationMinutes',
      label: { de: 'Dauer (Minuten)', en: 'Duration (minutes)' },
      mine: 45,
      theirs: 60,
    });
  });

  it('names a step by its goal and its own id', () => {
    const { low, high } = pair((base) => {
      addGoal(base, { text: 'Deutschkurs B1', lifeDomain: 'language' }, { newId: () => 'goal-1' });
      addStep(base, 'goal-1', { text: 'Anmeldung VHS', responsible: 'client' }, { newId: () => 'step-1' });
    });
    setStepStatus(low.doc, 'goal-1', 'step-1', 'achieved', low.opts);
    setStepStatus(high.doc, 'goal-1', 'step-1', 'discarded', high.opts);

    expect(detect(low, high).map((c) => [c.path, c.mine, c.theirs])).toEqual([
      ['goals/goal-1/steps/step-1/status', 'achieved', 'discarded'],
    ]);
  });

  it('reports nothing when both devices wrote the same value', () => {
    const { low, high } = pair();
    setPersonField(low.doc, 'city', 'Essen', low.opts);
    setPersonField(high.doc, 'city', 'Essen', high.opts);

    expect(detect(low, high)).toEqual([]);
    expect(detect(high, low)).toEqual([]);
  });

  it('reports nothing when the other device changed the value after it had received this one', () => {
    const { low, high } = pair();
    setPersonField(low.doc, 'city', 'Essen', low.opts);
    // The first push reached the other device, but this device has not seen the acknowledgement yet.
    deliver(high, low);
    high.updates.length = 0;
    setPersonField(high.doc, 'city', 'Mülheim', high.opts);

    expect(detect(low, high)).toEqual([]);
  });

  it('reports a clear of this device against a remote value', () => {
    const { low, high } = pair();
    setPersonField(low.doc, 'city', undefined, low.opts);
    setPersonField(high.doc, 'city', 'Oberhausen', high.opts);

    expect(low.pending.get('person/city')).toMatchObject({ value: null, item: null });
    expect(detect(low, high)).toMatchObject([{ path: 'person/city', mine: null, theirs: 'Oberhausen' }]);
  });

  it('shows the newest remote value when one batch writes the field twice', () => {
    const { low, high } = pair();
    setPersonField(low.doc, 'city', 'Essen', low.opts);
    setPersonField(high.doc, 'city', 'Oberhausen', high.opts);
    setPersonField(high.doc, 'city', 'Bottrop', { ...high.opts, now: new Date('2025-06-02T10:05:00Z') });

    const merged = detectConflicts({
      doc: low.doc,
      updates: [Y.mergeUpdates(high.updates)],
      pending: low.pending.values(),
    });
    expect(merged).toMatchObject([
      { path: 'person/city', theirs: 'Bottrop', who: 'Bea', when: '2025-06-02T10:05:00.000Z' },
    ]);
  });

  it('falls back to the arrival time and an unknown author when the change carries neither', () => {
    const { low, high } = pair();
    setPersonField(low.doc, 'city', 'Essen', low.opts);
    high.doc.transact(() => high.doc.getMap('person').set('city', 'Moers'));

    expect(detect(low, high)).toMatchObject([
      { path: 'person/city', who: null, when: ARRIVED.toISOString(), whenSource: 'received' },
    ]);
  });

  it('leaves the doc it checks against unchanged', () => {
    const { low, high } = pair();
    setPersonField(low.doc, 'city', 'Essen', low.opts);
    setPersonField(high.doc, 'city', 'Oberhausen', high.opts);
    const before = Y.encodeStateVector(low.doc);

    detect(low, high);
    expect(Y.encodeStateVector(low.doc)).toEqual(before);
    expect(readCase(low.doc).file.person.city).toBe('Essen');
  });
});

describe('the edits of a local transaction', () => {
  it('lists changed fields with their values, not prose, bookkeeping or new records', () => {
    const { low } = pair();
    const seen: PendingEdit[][] = [];
    low.doc.on('afterTransaction', (transaction: Y.Transaction) =>
      seen.push(editsOfTransaction(transaction)),
    );

    updateSection(low.doc, 'person', { city: 'Essen', nationalities: ['SY'] }, low.opts);
    setProse(low.doc, { part: 'notes' }, 'Notiz', low.opts);
    addContact(
      low.doc,
      { date: '2025-06-01', kind: 'phone', durationMinutes: 10, topics: ['work'] },
      low.opts,
    );

    expect(seen.flat().map((edit) => [edit.path, edit.value])).toEqual([
      ['person/city', 'Essen'],
      ['person/nationalities', ['SY']],
    ]);
    expect(seen[0]![0]!.item).toEqual({ client: 1, clock: expect.any(Number) });
  });
});
