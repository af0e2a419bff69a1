import { describe, expect, it } from 'vitest';
import { casePath, ROUTES, routeFor, themaPath } from '../../src/state/router.svelte.ts';

describe('screen routes', () => {
  it('maps every screen path to its screen', () => {
    expect(routeFor(ROUTES.start).id).toBe('start');
    expect(routeFor(ROUTES.cases).id).toBe('cases');
    expect(routeFor(ROUTES.newCase).id).toBe('new-case');
    expect(routeFor(ROUTES.today).id).toBe('today');
    expect(routeFor(ROUTES.reports).id).toBe('reports');
    expect(routeFor(ROUTES.settings).id).toBe('settings');
    expect(routeFor(ROUTES.admin).id).toBe('admin');
    expect(routeFor(ROUTES.themen).id).toBe('themen');
  });

  it('reads the Thema id from a Thema path', () => {
    expect(routeFor(themaPath('t-1/ä'))).toEqual({ id: 'thema', params: { themaId: 't-1/ä' } });
    expect(routeFor('/themen/a/b').id).toBe('not-found');
  });

  it('reads the case id from a case path, whatever characters it holds', () => {
    expect(routeFor(casePath('3f2c-9a'))).toEqual({ id: 'case', params: { caseId: '3f2c-9a' } });
    expect(routeFor(casePath('a/b ü'))).toEqual({ id: 'case', params: { caseId: 'a/b ü' } });
    // "neu" is the new-case form, not a case called "neu".
    expect(routeFor('/faelle/neu').id).toBe('new-case');
  });

  it('ignores a trailing slash', () => {
    expect(routeFor('/faelle/').id).toBe('cases');
    expect(routeFor('/heute///').id).toBe('today');
  });

  it('reports an unknown path as not-found instead of guessing', () => {
    expect(routeFor('/faelle/x/y').id).toBe('not-found');
    expect(routeFor('/Faelle').id).toBe('not-found');
    expect(routeFor('/cases').id).toBe('not-found');
    expect(routeFor('/faelle/%E0%A4%A').id).toBe('not-found');
  });
});
