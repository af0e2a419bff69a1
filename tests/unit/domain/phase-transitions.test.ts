import { describe, expect, test } from 'vitest';
import { readCase } from '../../../src/domain/case-read.ts';
import { changePhase, convertToCase } from '../../../src/domain/case-write-phase.ts';
import { allowedTargets, canConvertToCase, canTransition, transition } from '../../../src/domain/phases.ts';
import { newCase, snapshot, TODAY, writeOptions } from './case-fixtures.ts';

describe('DGCC phases of a case', () => {
  test('forward one phase at a time', () => {
    expect(canTransition('case', 'intake', 'assessment')).toBe(true);
    expect(canTransition('case', 'assessment', 'planning')).toBe(true);
    expect(canTransition('case', 'linking', 'monitoring')).toBe(true);
    expect(canTransition('case', 'intake', 'planning')).toBe(false);
    expect(canTransition('case', 'assessment', 'monitoring')).toBe(false);
  });

  test('back to any earlier phase, and reopening a closed case', () => {
    expect(canTransition('case', 'monitoring', 'intake')).toBe(true);
    expect(canTransition('case', 'monitoring', 'planning')).toBe(true);
    expect(canTransition('case', 'closed', 'monitoring')).toBe(true);
  });

  test('winding up from any phase: to evaluation or closed', () => {
    expect(allowedTargets('case', 'intake')).toEqual(['assessment', 'evaluation', 'closed']);
    expect(allowedTargets('case', 'planning')).toEqual([
      'intake',
      'assessment',
      'linking',
      'evaluation',
      'closed',
    ]);
  });

  test('a refusal explains itself in German with the phase labels', () => {
    expect(transition('case', 'intake', 'monitoring')).toEqual({
      ok: false,
      code: 'transition-skip',
      reason: '„Monitoring“ folgt nicht auf „Zugang & Klärung“: Phasen werden einzeln vorwärts durchlaufen.',
    });
    expect(transition('case', 'planning', 'planning')).toMatchObject({ ok: false, code: 'transition-same' });
  });

  test('closing needs reason and date', () => {
    expect(transition('case', 'evaluation', 'closed')).toMatchObject({
      ok: false,
      reason: 'Zum Abschließen bitte Grund und Datum des Abschlusses angeben.',
    });
    expect(transition('case', 'evaluation', 'closed', { reason: 'moved-away', closedOn: TODAY })).toEqual({
      ok: true,
      phase: 'closed',
    });
  });
});

describe('Kurzberatung', () => {
  test('is only open or closed', () => {
    expect(allowedTargets('short-counselling', 'intake')).toEqual(['closed']);
    expect(allowedTargets('short-counselling', 'closed')).toEqual(['intake']);
    expect(transition('short-counselling', 'intake', 'assessment')).toMatchObject({
      ok: false,
      code: 'transition-short-counselling',
    });
  });

  test('an open one converts to a case, a closed one or a case does not', () => {
    expect(canConvertToCase('short-counselling', 'intake')).toEqual({ ok: true });
    expect(canConvertToCase('short-counselling', 'closed')).toMatchObject({
      ok: false,
      code: 'convert-closed',
    });
    expect(canConvertToCase('case', 'intake')).toMatchObject({
      ok: false,
      code: 'convert-not-short-counselling',
    });
  });
});

describe('phase changes in the doc', () => {
  test('closing records the closure; reopening clears it', () => {
    const opts = writeOptions();
    const doc = newCase({}, opts);
    expect(changePhase(doc, 'assessment', opts).ok).toBe(true);
    expect(
      changePhase(doc, 'closed', { ...opts, closure: { reason: 'contact-lost', closedOn: TODAY } }).ok,
    ).toBe(true);
    let { file } = readCase(doc);
    expect(file.meta.phase).toBe('closed');
    expect(file.closure).toEqual({ reason: 'contact-lost', closedOn: TODAY });

    expect(changePhase(doc, 'monitoring', opts).ok).toBe(true);
    file = readCase(doc).file;
    expect(file.meta.phase).toBe('monitoring');
    expect(file.closure).toEqual({});
  });

  test('a refused change writes nothing and says why', () => {
    const opts = writeOptions();
    const doc = newCase({}, opts);
    const before = snapshot(doc);
    const skipped = changePhase(doc, 'linking', opts);
    expect(skipped).toMatchObject({ ok: false, error: { code: 'refused', issues: [{ path: 'phase' }] } });
    const noClosure = changePhase(doc, 'closed', opts);
    expect(noClosure).toMatchObject({
      ok: false,
      error: {
        code: 'invalid-input',
        issues: [{ path: 'closure.reason', message: 'Bitte ausfüllen.' }, { path: 'closure.closedOn' }],
      },
    });
    const future = changePhase(doc, 'closed', {
      ...opts,
      closure: { reason: 'other', closedOn: '2025-07-01' },
    });
    expect(future).toMatchObject({
      ok: false,
      error: { issues: [{ message: 'Das Datum liegt in der Zukunft.' }] },
    });
    expect(snapshot(doc)).toBe(before);
  });

  test('a Kurzberatung becomes a case and keeps its contacts', () => {
    const opts = writeOptions();
    const doc = newCase({ kind: 'short-counselling' }, opts);
    expect(changePhase(doc, 'assessment', opts).ok).toBe(false);
    expect(convertToCase(doc, opts).ok).toBe(true);
    expect(readCase(doc).file.meta).toMatchObject({ kind: 'case', phase: 'intake' });
    expect(changePhase(doc, 'assessment', opts).ok).toBe(true);
    expect(convertToCase(doc, opts)).toMatchObject({ ok: false, error: { code: 'refused' } });
  });
});
