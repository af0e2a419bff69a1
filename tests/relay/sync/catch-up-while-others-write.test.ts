import { describe, expect, it } from 'vitest';
import { useSyncRelay } from './support/fixture.ts';
import { WORLD } from './support/world.ts';

const sync = useSyncRelay();
const A = WORLD.teamA;
const COUNT = 300;

describe('a device that connects while another writes', () => {
  it('receives every seq exactly once and in order, across catch-up and live updates', async () => {
    const writer = await sync.connect(WORLD.anna);
    await writer.control('caught-up');
    const doc = writer.doc(A, 'case-busy');
    // All pushes go out at once; the relay appends them one by one while the reader catches up.
    const answers = Array.from({ length: COUNT }, (_, i) =>
      writer.push(
        A,
        i % 2 === 0 ? 'case-busy' : 'case-other',
        writer.edit(A, i % 2 === 0 ? 'case-busy' : 'case-other', `${i};`),
      ),
    );
    await answers[COUNT / 3];
    const reader = await sync.connect(WORLD.annaSecond);
    const acked = await Promise.all(answers);
    const seqs = acked.map((answer) => (answer.type === 'ack' ? answer.seq : -1));
    expect(seqs).toEqual(Array.from({ length: COUNT }, (_, i) => i + 1));

    await reader.logged(A, COUNT);
    const caughtUp = await reader.control('caught-up');
    expect(caughtUp.seq).toBeGreaterThan(COUNT / 3);
    expect(reader.logEntries(A).map((entry) => entry.seq)).toEqual(seqs);
    expect(reader.text(A, 'case-busy')).toBe(doc.getText('body').toString());
    expect(reader.text(A, 'case-other')).toBe(writer.text(A, 'case-other'));
  });
});
