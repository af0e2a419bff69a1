import { describe, expect, it } from 'vitest';
import { cursorHolds } from '../../../src/sync/epochs.ts';

const team = {
  id: 'team-a',
  latest: 40,
  epoch: 'epoch-now',
  earlier: [
    { epoch: 'epoch-before', last: 30 },
    { epoch: 'epoch-first', last: 12 },
  ],
};

describe('a stored cursor compared with the relay’s log epochs', () => {
  it('holds under the current epoch up to the latest seq', () => {
    expect(cursorHolds({ seq: 40, epoch: 'epoch-now' }, team)).toBe(true);
    expect(cursorHolds({ seq: 0, epoch: 'epoch-now' }, team)).toBe(true);
  });

  it('does not hold above the latest seq, even under the same epoch', () => {
    expect(cursorHolds({ seq: 41, epoch: 'epoch-now' }, team)).toBe(false);
    expect(cursorHolds({ seq: 41, epoch: null }, { id: 'team-a', latest: 40 })).toBe(false);
  });

  it('holds under an earlier epoch only up to where that epoch ended on this relay', () => {
    expect(cursorHolds({ seq: 30, epoch: 'epoch-before' }, team)).toBe(true);
    expect(cursorHolds({ seq: 12, epoch: 'epoch-first' }, team)).toBe(true);
    // Entries 13… of the first epoch were lost: the relay was restored from a backup taken at 12.
    expect(cursorHolds({ seq: 13, epoch: 'epoch-first' }, team)).toBe(false);
  });

  it('does not hold under an epoch the relay does not know, however low the cursor', () => {
    expect(cursorHolds({ seq: 3, epoch: 'epoch-lost' }, team)).toBe(false);
    expect(cursorHolds({ seq: 0, epoch: 'epoch-lost' }, team)).toBe(false);
  });

  it('is checked against the latest seq alone for a cursor from before epochs or a relay without them', () => {
    expect(cursorHolds({ seq: 35, epoch: null }, team)).toBe(true);
    expect(cursorHolds({ seq: 35, epoch: 'epoch-x' }, { id: 'team-a', latest: 40 })).toBe(true);
  });
});
