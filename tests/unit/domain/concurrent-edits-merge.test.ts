import * as Y from 'yjs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { WriteOptions } from '../../../src/domain/case-doc.ts';
import { changedRootsOf, readCase, rereadCase, type CaseReading } from '../../../src/domain/case-read.ts';
import { changePhase } from '../../../src/domain/case-write-phase.ts';
import {
  addContact,
  addGoal,
  addReminder,
  addStep,
  removeItem,
  setStepStatus,
  updateItem,
} from '../../../src/domain/case-write-items.ts';
import {
  proseText,
  setPersonField,
  setProse,
  updateAssessment,
  updateSection,
} from '../../../src/domain/case-write.ts';
import {
  CONTACT_KINDS,
  GOAL_STATUSES,
  LIFE_DOMAINS,
  NEED_LEVELS,
  PHASES,
} from '../../../src/domain/vocabulary.ts';
import { newCase, NOW, writeOptions } from './case-fixtures.ts';

const REMOTE = Symbol('remote');

interface Replica {
  doc: Y.Doc;
  /** Updates this replica made itself, in the order it made them. */
  log: Uint8Array[];
  opts: WriteOptions;
  /** The case as an open case file holds it: read once, then renewed part by part after each change. */
  reading(): CaseReading;
}

function replicate(origin: Y.Doc, count: number): Replica[] {
  const state = Y.encodeStateAsUpdate(origin);
  return Array.from({ length: count }, (_, index) => {
    const doc = new Y.Doc({ guid: origin.guid });
    Y.applyUpdate(doc, state, REMOTE);
    const log: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array, from: unknown) => {
      if (from !== REMOTE) log.push(update);
    });
    let reading = readCase(doc);
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      reading = rereadCase(doc, reading, changedRootsOf(transaction));
    });
    let next = 0;
    return {
      doc,
      log,
      opts: { now: NOW, actor: `user-${index}`, newId: () => `r${index}-${++next}` },
      reading: () => reading,
    };
  });
}

/** A small seeded generator, so fast-check can replay a failing delivery order from its seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Delivers `updates` in a shuffled order, some of them twice, as a flaky network would. */
function deliver(target: Y.Doc, updates: readonly Uint8Array[], random: () => number): void {
  const batch = updates.flatMap((update) => (random() < 0.3 ? [update, update] : [update]));
  for (let i = batch.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [batch[i], batch[j]] = [batch[j] as Uint8Array, batch[i] as Uint8Array];
  }
  for (const update of batch) Y.applyUpdate(target, update, REMOTE);
}

function ids(doc: Y.Doc, list: string): string[] {
  return doc
    .getArray<unknown>(list)
    .toArray()
    .flatMap((entry) =>
      entry instanceof Y.Map && typeof entry.get('id') === 'string' ? [entry.get('id') as string] : [],
    );
}

function stepIds(doc: Y.Doc, goalId: string): string[] {
  const goal = doc
    .getArray<unknown>('goals')
    .toArray()
    .find((entry) => entry instanceof Y.Map && entry.get('id') === goalId);
  const steps = goal instanceof Y.Map ? goal.get('steps') : undefined;
  return steps instanceof Y.Array
    ? steps.toArray().flatMap((step) => (step instanceof Y.Map ? [String(step.get('id'))] : []))
    : [];
}

function pick<T>(items: readonly T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}

const text = fc.string({ maxLength: 12 });
const day = fc.integer({ min: 1, max: 28 }).map((d) => `2025-05-${String(d).padStart(2, '0')}`);

const edit = fc.oneof(
  fc.record({
    type: fc.constant('person' as const),
    field: fc.constantFrom('familyName', 'givenNames', 'city', 'phone'),
    value: fc.option(text, { nil: undefined }),
  }),
  fc.record({
    type: fc.constant('addContact' as const),
    date: day,
    kind: fc.constantFrom(...CONTACT_KINDS),
    note: text,
  }),
  fc.record({
    type: fc.constant('updateContact' as const),
    index: fc.nat(),
    place: fc.option(text, { nil: undefined }),
    minutes: fc.integer({ min: 0, max: 240 }),
  }),
  fc.record({ type: fc.constant('typeInNote' as const), index: fc.nat(), at: fc.nat(), insert: text }),
  fc.record({ type: fc.constant('removeContact' as const), index: fc.nat() }),
  fc.record({
    type: fc.constant('addGoal' as const),
    text: text.map((t) => `Ziel ${t}`),
    domain: fc.constantFrom(...LIFE_DOMAINS),
  }),
  fc.record({
    type: fc.constant('addStep' as const),
    goal: fc.nat(),
    text: text.map((t) => `Schritt ${t}`),
    due: fc.option(day, { nil: undefined }),
  }),
  fc.record({
    type: fc.constant('stepStatus' as const),
    goal: fc.nat(),
    step: fc.nat(),
    status: fc.constantFrom(...GOAL_STATUSES),
  }),
  fc.record({ type: fc.constant('notes' as const), at: fc.nat(), insert: text, remove: fc.nat({ max: 5 }) }),
  fc.record({
    type: fc.constant('need' as const),
    domain: fc.constantFrom(...LIFE_DOMAINS),
    need: fc.constantFrom(...NEED_LEVELS),
  }),
  fc.record({ type: fc.constant('phase' as const), to: fc.constantFrom(...PHASES) }),
  fc.record({ type: fc.constant('reminder' as const), due: day, text: text.map((t) => `WV ${t}`) }),
  fc.record({
    type: fc.constant('residence' as const),
    from: fc.option(day, { nil: undefined }),
    until: fc.option(day, { nil: undefined }),
  }),
);
type Edit = typeof edit extends fc.Arbitrary<infer E> ? E : never;

/** Applies one edit through the mutators; refused edits (invalid on this replica's state) are part of life. */
function apply(replica: Replica, e: Edit): void {
  const { doc, opts } = replica;
  switch (e.type) {
    case 'person':
      setPersonField(doc, e.field, e.value, opts);
      return;
    case 'addContact':
      addContact(
        doc,
        {
          date: e.date,
          kind: e.kind,
          note: e.note,
          ...(e.kind === 'accompaniment' ? { accompanimentOffice: 'ABH' } : {}),
        },
        opts,
      );
      return;
    case 'updateContact': {
      const id = pick(ids(doc, 'contacts'), e.index);
      if (id) updateItem(doc, 'contacts', id, { place: e.place, durationMinutes: e.minutes }, opts);
      return;
    }
    case 'typeInNote': {
      const id = pick(ids(doc, 'contacts'), e.index);
      const note = id ? proseText(doc, { part: 'contacts', id, field: 'note' }) : undefined;
      if (id && note) {
        const current = note.toString();
        const at = e.at % (current.length + 1);
        setProse(
          doc,
          { part: 'contacts', id, field: 'note' },
          current.slice(0, at) + e.insert + current.slice(at),
          opts,
        );
      }
      return;
    }
    case 'removeContact': {
      const id = pick(ids(doc, 'contacts'), e.index);
      if (id) removeItem(doc, 'contacts', id, opts);
      return;
    }
    case 'addGoal':
      addGoal(doc, { text: e.text, lifeDomain: e.domain }, opts);
      return;
    case 'addStep': {
      const goal = pick(ids(doc, 'goals'), e.goal);
      if (goal) addStep(doc, goal, { text: e.text, responsible: 'client', dueOn: e.due }, opts);
      return;
    }
    case 'stepStatus': {
      const goal = pick(ids(doc, 'goals'), e.goal);
      const step = goal ? pick(stepIds(doc, goal), e.step) : undefined;
      if (goal && step) setStepStatus(doc, goal, step, e.status, opts);
      return;
    }
    case 'notes': {
      const current = doc.getText('notes').toString();
      const at = e.at % (current.length + 1);
      setProse(doc, { part: 'notes' }, current.slice(0, at) + e.insert + current.slice(at + e.remove), opts);
      return;
    }
    case 'need':
      updateAssessment(doc, e.domain, { need: e.need }, opts);
      return;
    case 'phase':
      changePhase(doc, e.to, { ...opts, closure: { reason: 'other', closedOn: '2025-05-31' } });
      return;
    case 'reminder':
      addReminder(doc, { due: e.due, text: e.text }, opts);
      return;
    case 'residence':
      updateSection(doc, 'residence', { documentValidFrom: e.from, documentValidUntil: e.until }, opts);
      return;
  }
}

const step = fc.oneof(
  { weight: 5, arbitrary: fc.record({ replica: fc.nat({ max: 2 }), edit }) },
  { weight: 1, arbitrary: fc.record({ sync: fc.tuple(fc.nat({ max: 2 }), fc.nat({ max: 2 })) }) },
);

describe('concurrent edits on several devices', () => {
  test('replicas applying random edits converge to the same case, whatever the delivery order, and each reads only what changed', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), fc.integer(), (steps, seed) => {
        const origin = newCase({ person: { familyName: 'Nowak' } }, writeOptions('origin'));
        addGoal(origin, { text: 'Sprachkurs', lifeDomain: 'language' }, writeOptions('origin-goal'));
        const replicas = replicate(origin, 3);
        const random = prng(seed);
        for (const s of steps) {
          if ('sync' in s) {
            const [from, to] = s.sync;
            const source = replicas[from] as Replica;
            // A partial, out-of-order delivery: Yjs must hold back updates whose predecessors are missing.
            deliver(
              (replicas[to] as Replica).doc,
              source.log.filter(() => random() < 0.7),
              random,
            );
            const target = replicas[to] as Replica;
            expect(target.reading()).toEqual(readCase(target.doc));
          } else {
            const replica = replicas[s.replica] as Replica;
            apply(replica, s.edit);
            expect(replica.reading()).toEqual(readCase(replica.doc));
          }
        }
        const everything = replicas.flatMap((replica) => replica.log);
        for (const replica of replicas) deliver(replica.doc, everything, random);

        const [first, ...others] = replicas.map((replica) => readCase(replica.doc));
        for (const other of others) expect(other).toEqual(first);
        for (const replica of replicas) expect(replica.reading()).toEqual(first);
      }),
      { numRuns: 80 },
    );
    // 80 histories with a full read after every step take a few seconds on a busy machine.
  }, 30_000);

  test('a change reads again only the parts it touched; the others stay the same objects', () => {
    const [a, b] = replicate(newCase({ person: { familyName: 'Nowak' } }, writeOptions('origin')), 2) as [
      Replica,
      Replica,
    ];
    addContact(a.doc, { date: '2025-05-20', kind: 'office', note: 'Erstgespräch.' }, a.opts);
    addGoal(a.doc, { text: 'Sprachkurs', lifeDomain: 'language' }, a.opts);
    const before = a.reading();

    setPersonField(a.doc, 'city', 'Duisburg', a.opts);
    const after = a.reading();
    expect(after.file.person.city).toBe('Duisburg');
    expect(after.file.contacts).toBe(before.file.contacts);
    expect(after.file.goals).toBe(before.file.goals);
    expect(after.file.notes).toBe(before.file.notes);

    // A colleague's contact arrives: contacts are read again, the person stays as it was read.
    addContact(b.doc, { date: '2025-05-21', kind: 'phone', note: 'Rückruf.' }, b.opts);
    for (const update of b.log) Y.applyUpdate(a.doc, update, REMOTE);
    const remote = a.reading();
    expect(remote.file.contacts).toHaveLength(2);
    expect(remote.file.contacts).not.toBe(after.file.contacts);
    expect(remote.file.person).toBe(after.file.person);
    expect(remote).toEqual(readCase(a.doc));
  });

  test('two devices editing different fields of the same contact both keep their change', () => {
    const [a, b] = replicate(newCase({}, writeOptions('origin')), 2) as [Replica, Replica];
    const added = addContact(
      a.doc,
      { date: '2025-05-20', kind: 'office', note: 'Termin wegen Kita-Platz.' },
      a.opts,
    );
    if (!added.ok) throw new Error('setup');
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc), REMOTE);

    updateItem(a.doc, 'contacts', added.value, { durationMinutes: 45 }, a.opts);
    setProse(
      b.doc,
      { part: 'contacts', id: added.value, field: 'note' },
      'Termin wegen Kita-Platz. Mutter war dabei.',
      b.opts,
    );
    setProse(
      a.doc,
      { part: 'contacts', id: added.value, field: 'note' },
      'Erster Termin wegen Kita-Platz.',
      a.opts,
    );
    updateItem(b.doc, 'contacts', added.value, { place: 'Familienzentrum' }, b.opts);

    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc), REMOTE);
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc), REMOTE);
    const contact = readCase(a.doc).file.contacts[0];
    expect(contact).toMatchObject({
      durationMinutes: 45,
      place: 'Familienzentrum',
      note: 'Erster Termin wegen Kita-Platz. Mutter war dabei.',
    });
    expect(readCase(b.doc)).toEqual(readCase(a.doc));
  });
});
