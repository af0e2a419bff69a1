import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../src/sync/backoff.ts';

describe('reconnect backoff', () => {
  const options = (random: () => number) => ({ baseMs: 500, maxMs: 20_000, random });

  it('doubles the ceiling with each failure until the maximum', () => {
    const almostOne = () => 0.999_999;
    const ceilings = Array.from({ length: 10 }, (_, attempt) => backoffDelay(attempt, options(almostOne)));
    expect(ceilings.slice(0, 6)).toEqual([499, 999, 1999, 3999, 7999, 15999]);
    expect(ceilings.slice(6)).toEqual([19999, 19999, 19999, 19999]);
    for (let index = 1; index < ceilings.length; index += 1) {
      expect(ceilings[index]).toBeGreaterThanOrEqual(ceilings[index - 1]!);
    }
  });

  it('spreads delays over the whole range below the ceiling (full jitter)', () => {
    expect(
      backoffDelay(
        3,
        options(() => 0),
      ),
    ).toBe(0);
    expect(
      backoffDelay(
        3,
        options(() => 0.5),
      ),
    ).toBe(2000);
    expect(
      backoffDelay(
        3,
        options(() => 0.25),
      ),
    ).toBe(1000);
  });

  it('stays within bounds for any random value and any attempt', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return (seed - 1) / 2147483646;
    };
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const delay = backoffDelay(attempt, options(random));
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(Math.min(20_000, 500 * 2 ** attempt));
    }
    // A broken random source cannot push the delay out of range either.
    expect(
      backoffDelay(
        4,
        options(() => 7),
      ),
    ).toBeLessThanOrEqual(8000);
    expect(
      backoffDelay(
        4,
        options(() => -1),
      ),
    ).toBe(0);
  });
});
