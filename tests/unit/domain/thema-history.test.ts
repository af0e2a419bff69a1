import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import {
  COORDINATION_DOC_ID,
  createThema,
  moveThema,
  readCoordination,
} from '../../../src/domain/coordination-doc.ts';
import { historyInOrder, overtakenMove } from '../../../src/domain/thema-history.ts';
import type { ThemaStatus } from '../../../src/domain/vocabulary.ts';

function must<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

function device(clientID: number): Y.Doc {
  const doc = new Y.Doc({ guid: COORDINATION_DOC_ID });
  doc.clientID = clientID;
  return doc;
}

function exchange(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

const today = { now: new Date('2026-12-07T10:00:00Z') };

/** Two coordinators move the same Thema while apart, the first at 10:05, the second at 10:10. */
function movedApart(first: ThemaStatus, second: ThemaStatus, clients: [number, number]) {
  const a = device(clients[0]);
  const b = device(clients[1]);
  const id = must(createThema(a, { title: 'Wartezeiten' }, today));
  exchange(a, b);
  must(moveThema(a, id, { status: first, on: '2026-12-07' }, { now: new Date('2026-12-07T10:05:00Z') }));
  must(moveThema(b, id, { status: second, on: '2026-12-07' }, { now: new Date('2026-12-07T10:10:00Z') }));
  exchange(a, b);
  const thema = readCoordination(a).themen[0]!;
  expect(readCoordination(b).themen[0]).toEqual(thema);
  return thema;
}

describe("a Thema's history", () => {
  test('keeps both moves made apart, and names the later one when the status kept the earlier', () => {
    // Whichever move Yjs keeps depends on the devices' client ids; both orders are tried.
    const results = [
      movedApart('working-group', 'not-pursued', [1, 2]),
      movedApart('working-group', 'not-pursued', [2, 1]),
    ];
    for (const thema of results) {
      expect(historyInOrder(thema).map((entry) => entry.status)).toEqual(['working-group', 'not-pursued']);
    }
    const kept = results.map((thema) => thema.status).sort();
    expect(kept).toEqual(['not-pursued', 'working-group']);
    const overtaken = results.find((thema) => thema.status === 'working-group')!;
    expect(overtakenMove(overtaken)?.status).toBe('not-pursued');
    expect(overtakenMove(results.find((thema) => thema.status === 'not-pursued')!)).toBeUndefined();
  });

  test('reads by the day things happened, then by when they were written', () => {
    const doc = device(1);
    const id = must(createThema(doc, { title: 'Sprachkurse' }, today));
    must(
      moveThema(
        doc,
        id,
        { status: 'working-group', on: '2026-12-03' },
        { now: new Date('2026-12-07T10:01:00Z') },
      ),
    );
    must(
      moveThema(
        doc,
        id,
        { status: 'steering-group', on: '2026-12-01' },
        { now: new Date('2026-12-07T10:02:00Z') },
      ),
    );
    const thema = readCoordination(doc).themen[0]!;
    expect(historyInOrder(thema).map((entry) => entry.on)).toEqual(['2026-12-01', '2026-12-03']);
    // A move entered afterwards for an earlier day is no conflict.
    expect(overtakenMove(thema)).toBeUndefined();
  });
});
