import { describe, expect, it } from 'vitest';
import { ROUTES, routeFor } from '../../src/state/router.svelte.ts';

describe('screen routes', () => {
  it('maps every screen path to its screen', () => {
    for (const [id, path] of Object.entries(ROUTES)) expect(routeFor(path)).toBe(id);
  });

  it('ignores a trailing slash', () => {
    expect(routeFor('/faelle/')).toBe('cases');
    expect(routeFor('/heute///')).toBe('today');
  });

  it('reports an unknown path as not-found instead of guessing', () => {
    expect(routeFor('/faelle/unbekannt')).toBe('not-found');
    expect(routeFor('/Faelle')).toBe('not-found');
    expect(routeFor('/cases')).toBe('not-found');
  });
});
