import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { ClientWorld, snapshot, type TestDevice } from './support.ts';

const CASE = 'case-prop';

type Edit =
  | { type: 'set'; key: string; value: string }
  | { type: 'insert'; at: number; text: string }
  | { type: 'delete'; at: number; length: number };

type Step =
  { kind: 'edit'; replica: number; edit: Edit } | { kind: 'toggle'; replica: number } | { kind: 'restart' };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    type: fc.constant('set' as const),
    key: fc.constantFrom('phone', 'city', 'status'),
    value: fc.string({ minLength: 1, maxLength: 6 }),
  }),
  fc.record({
    type: fc.constant('insert' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    text: fc.string({ minLength: 1, maxLength: 5 }),
  }),
  fc.record({
    type: fc.constant('delete' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.integer({ min: 1, max: 4 }),
  }),
);

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('edit' as const), replica: fc.nat(2), edit: editArb }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('toggle' as const), replica: fc.nat(2) }) },
);

/** Random steps with at most one relay restart somewhere among them. */
const scenarioArb = fc
  .tuple(fc.array(stepArb, { minLength: 5, maxLength: 25 }), fc.option(fc.nat(25), { nil: undefined }))
  .map(([steps, restartAt]) => {
    if (restartAt === undefined) return steps;
    const copy: Step[] = [...steps];
    copy.splice(Math.min(restartAt, copy.length), 0, { kind: 'restart' });
    return copy;
  });

function applyEdit(doc: Y.Doc, edit: Edit): void {
  const note = doc.getText('note');
  switch (edit.type) {
    case 'set':
      doc.getMap('fields').set(edit.key, edit.value);
      break;
    case 'insert':
      note.insert(Math.floor(edit.at * note.length), edit.text);
      break;
    case 'delete': {
      const at = Math.floor(edit.at * note.length);
      const length = Math.min(edit.length, note.length - at);
      if (length > 0) note.delete(at, length);
      break;
    }
  }
}

describe('three replicas with random edits, disconnects and a relay restart', () => {
  it('end with the same state on every device and on the relay', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (steps) => {
        const world = await ClientWorld.start();
        try {
          const replicas: TestDevice[] = [world.device('a'), world.device('b'), world.device('c')];
          const docs = await Promise.all(replicas.map((replica) => replica.open(CASE)));
          docs[0]!.getText('note').insert(0, 'Beratung');
          const online = [true, true, true];
          for (const replica of replicas) replica.online();

          for (const step of steps) {
            switch (step.kind) {
              case 'edit':
                applyEdit(docs[step.replica]!, step.edit);
                break;
              case 'toggle':
                if (online[step.replica]) await replicas[step.replica]!.offline();
                else replicas[step.replica]!.online();
                online[step.replica] = !online[step.replica];
                break;
              case 'restart':
                await world.restartRelay();
                break;
            }
          }
          // What each replica wrote itself, before it syncs again.
          const own = docs.map((doc) => snapshot(doc).stateVector[doc.clientID]);
          for (const [index, replica] of replicas.entries()) if (!online[index]) replica.online();

          const state = await world.converged(CASE);
          docs.forEach((doc, index) => expect(state.stateVector[doc.clientID]).toBe(own[index]));
          for (const replica of replicas) expect(await replica.db.outbox.count()).toBe(0);
        } finally {
          await world.close();
        }
      }),
      { numRuns: 20 },
    );
  });
});
