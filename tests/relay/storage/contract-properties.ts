import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { LoggedUpdate } from '../../../sync-server/src/storage/contract.ts';
import { append, docView, seedWorld, wholeLog, WORLD, Writer } from './fixtures.ts';
import type { StoreSlot } from './store-contract.ts';

const TEAMS = [WORLD.center, WORLD.site] as const;
const DOCS_PER_TEAM = 2;

const target = { team: fc.constantFrom(0, 1), doc: fc.nat(DOCS_PER_TEAM - 1) };
const command = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('edit'),
      ...target,
      writer: fc.nat(1),
      at: fc.nat(40),
      text: fc.string({ minLength: 1, maxLength: 4 }),
      erase: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('compact'), ...target, keepNewest: fc.nat(3) }) },
);

export function describeLogProperties(engine: string, slot: StoreSlot): void {
  describe(`${engine} store: log properties`, () => {
    it('numbers every team’s appends without gaps and keeps every doc’s state, whatever the order and compactions', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(command, { minLength: 4, maxLength: 50, size: 'max' }),
          async (commands) => {
            const store = await slot.fresh();
            await seedWorld(store);
            const docId = (team: number, doc: number) => `t${team}-doc-${doc}`;
            const writers = new Map<string, Writer[]>();
            const appended = new Map<string, Uint8Array[]>();
            const acked: LoggedUpdate[][] = [[], []];
            for (const [team, teamId] of TEAMS.entries()) {
              for (let doc = 0; doc < DOCS_PER_TEAM; doc++) {
                await store.registerDoc(docId(team, doc), teamId);
                writers.set(docId(team, doc), [new Writer(), new Writer()]);
                appended.set(docId(team, doc), []);
              }
            }

            for (const step of commands) {
              const id = docId(step.team, step.doc);
              if (step.kind === 'compact') {
                await store.compactDoc(id, { keepNewest: step.keepNewest });
                continue;
              }
              const writer = writers.get(id)?.[step.writer] ?? new Writer();
              const body = writer.doc.getText('body');
              const update =
                step.erase && body.length > 0
                  ? writer.delete(step.at, step.text.length)
                  : writer.insert(step.text, step.at);
              const { seq } = await append(store, TEAMS[step.team] ?? WORLD.center, id, update);
              appended.get(id)?.push(update);
              acked[step.team]?.push({ seq, docId: id, update });
            }

            for (const [team, teamId] of TEAMS.entries()) {
              const mine = acked[team] ?? [];
              // Strictly increasing from 1 without gaps, in the order the appends resolved.
              expect(mine.map((row) => row.seq)).toEqual(mine.map((_, i) => i + 1));
              expect(await store.latestSeq(teamId)).toBe(mine.length);
              // Past the horizon the log holds exactly the acknowledged updates; replay from 0 rebuilds every doc.
              const horizon = await store.horizon(teamId);
              expect(await wholeLog(store, teamId, horizon)).toEqual(mine.filter((row) => row.seq > horizon));
              const replay = await wholeLog(store, teamId);
              for (let doc = 0; doc < DOCS_PER_TEAM; doc++) {
                const id = docId(team, doc);
                const expected = docView(Y.mergeUpdates(appended.get(id) ?? []));
                expect(docView(await store.docState(id))).toEqual(expected);
                expect(docView(...replay.filter((row) => row.docId === id).map((row) => row.update))).toEqual(
                  expected,
                );
              }
            }
          },
        ),
        { numRuns: 25 },
      );
    });
  });
}
