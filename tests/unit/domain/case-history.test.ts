import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { ROOT } from '../../../src/domain/case-doc.ts';
import { readCase, readCaseMeta, readHandovers, readPhaseHistory } from '../../../src/domain/case-read.ts';
import { handOverCase } from '../../../src/domain/case-write-handover.ts';
import { changePhase } from '../../../src/domain/case-write-phase.ts';
import { phaseSince } from '../../../src/domain/phases.ts';
import { summarizeCase } from '../../../src/domain/summarize-case.ts';
import { responsibleOf } from '../../../src/domain/summary.ts';
import { newCase, NOW, snapshot, TODAY, writeOptions } from './case-fixtures.ts';

const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

describe('Zuständig (responsible case manager)', () => {
  test('a new case is its creator’s, and the summary says so', () => {
    const doc = newCase();
    expect(readCaseMeta(doc).responsibleId).toBe('user-1');
    expect(summarizeCase(readCase(doc), TODAY).responsibleId).toBe('user-1');
  });

  test('a case from before the field existed reads as its creator’s', () => {
    const doc = newCase();
    doc.getMap(ROOT.meta).delete('responsibleId');
    expect(readCaseMeta(doc).responsibleId).toBe('user-1');
    expect(responsibleOf({ createdBy: 'user-1' })).toBe('user-1');
    expect(responsibleOf({ createdBy: 'user-1', responsibleId: 'user-2' })).toBe('user-2');
  });

  test('a handover sets who is responsible and records from, to, when, by whom and the note', () => {
    const doc = newCase();
    const opts = writeOptions('h', { now: later(5), actor: 'user-1' });
    const result = handOverCase(doc, { to: 'user-2', note: '  Urlaubsvertretung bis Ende Juli ' }, opts);
    expect(result.ok).toBe(true);
    const { file } = readCase(doc);
    expect(file.meta.responsibleId).toBe('user-2');
    expect(file.handovers).toEqual([
      {
        id: 'h-1',
        from: 'user-1',
        to: 'user-2',
        at: later(5).toISOString(),
        by: 'user-1',
        note: 'Urlaubsvertretung bis Ende Juli',
      },
    ]);
    expect(summarizeCase(readCase(doc), TODAY).responsibleId).toBe('user-2');
    // And back again: the history keeps both, oldest first.
    expect(
      handOverCase(doc, { to: 'user-1' }, writeOptions('h2', { now: later(60), actor: 'user-2' })).ok,
    ).toBe(true);
    expect(readHandovers(doc).map((entry) => [entry.from, entry.to, entry.by, entry.note])).toEqual([
      ['user-1', 'user-2', 'user-1', 'Urlaubsvertretung bis Ende Juli'],
      ['user-2', 'user-1', 'user-2', undefined],
    ]);
  });

  test('refuses a handover without a person, to the one responsible, or with an overlong note, in German', () => {
    const doc = newCase();
    const before = snapshot(doc);
    const missing = handOverCase(doc, { to: '  ' }, writeOptions());
    expect(missing).toMatchObject({
      ok: false,
      error: {
        code: 'invalid-input',
        issues: [{ path: 'to', message: 'Bitte die Person wählen, die den Fall übernimmt.' }],
      },
    });
    expect(handOverCase(doc, { to: 'user-1' }, writeOptions())).toMatchObject({
      ok: false,
      error: {
        code: 'refused',
        issues: [{ path: 'to', message: 'Der Fall liegt bereits bei dieser Person.' }],
      },
    });
    expect(handOverCase(doc, { to: 'user-2', note: 'x'.repeat(2001) }, writeOptions())).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', issues: [{ path: 'note' }] },
    });
    expect(snapshot(doc)).toBe(before);
  });

  test('concurrent handovers on two devices both stay in the history, and one person is responsible', () => {
    const a = newCase();
    const b = new Y.Doc({ guid: 'case-1' });
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    handOverCase(a, { to: 'user-2' }, writeOptions('a', { now: later(1), actor: 'user-1' }));
    handOverCase(b, { to: 'user-3' }, writeOptions('b', { now: later(2), actor: 'user-1' }));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readHandovers(a)).toEqual(readHandovers(b));
    expect(readHandovers(a).map((entry) => entry.to)).toEqual(['user-2', 'user-3']);
    expect(readCaseMeta(a).responsibleId).toBe(readCaseMeta(b).responsibleId);
  });
});

describe('phase history', () => {
  test('a new case starts in intake, recorded with its creation time and creator', () => {
    expect(readPhaseHistory(newCase())).toEqual([
      { id: 'id-1', to: 'intake', at: NOW.toISOString(), by: 'user-1' },
    ]);
  });

  test('every phase change is appended with from, to, when and by whom, in the same update as the phase', () => {
    const doc = newCase();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    expect(changePhase(doc, 'assessment', writeOptions('p', { now: later(10), actor: 'user-2' })).ok).toBe(
      true,
    );
    expect(updates).toHaveLength(1);
    // The one update carries both: a replica that receives it sees the phase and its history entry together.
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(doc));
    expect(readPhaseHistory(fresh).at(-1)).toEqual({
      id: 'p-1',
      from: 'intake',
      to: 'assessment',
      at: later(10).toISOString(),
      by: 'user-2',
    });
    changePhase(doc, 'closed', {
      ...writeOptions('q', { now: later(20) }),
      closure: { reason: 'goals-achieved', closedOn: TODAY },
    });
    expect(readPhaseHistory(doc).map((entry) => [entry.from, entry.to])).toEqual([
      [undefined, 'intake'],
      ['intake', 'assessment'],
      ['assessment', 'closed'],
    ]);
  });

  test('says since when the case is in its phase: the latest change into it', () => {
    const doc = newCase();
    expect(phaseSince(readPhaseHistory(doc), 'intake')).toBe(NOW.toISOString());
    changePhase(doc, 'assessment', writeOptions('a', { now: later(10) }));
    changePhase(doc, 'intake', writeOptions('b', { now: later(20) }));
    changePhase(doc, 'assessment', writeOptions('c', { now: later(30) }));
    expect(phaseSince(readPhaseHistory(doc), 'assessment')).toBe(later(30).toISOString());
    // A case moved before the history existed does not say.
    expect(phaseSince([], 'planning')).toBeUndefined();
  });

  test('a refused phase change records nothing', () => {
    const doc = newCase();
    const before = snapshot(doc);
    expect(changePhase(doc, 'monitoring', writeOptions()).ok).toBe(false);
    expect(snapshot(doc)).toBe(before);
    expect(readPhaseHistory(doc)).toHaveLength(1);
  });

  test('a damaged history entry is reported and the others still read', () => {
    const doc = newCase();
    doc.getArray(ROOT.phaseHistory).push([{ id: 'bad', to: 'no-such-phase', at: 'yesterday' }]);
    changePhase(doc, 'assessment', writeOptions('p', { now: later(3) }));
    const { file, problems } = readCase(doc);
    expect(file.phaseHistory.map((entry) => entry.to)).toEqual(['intake', 'assessment']);
    expect(problems.some((problem) => problem.path[0] === ROOT.phaseHistory)).toBe(true);
  });

  test('a case from before the history existed reads an empty history', () => {
    const doc = newCase();
    doc.getArray(ROOT.phaseHistory).delete(0, 1);
    expect(readCase(doc).file.phaseHistory).toEqual([]);
    expect(readCase(doc).problems).toEqual([]);
  });
});
