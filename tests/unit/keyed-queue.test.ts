import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../../src/util/keyed-queue.ts';

/** A promise with its resolve and reject at hand, so a test decides when a task finishes. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('KeyedQueue', () => {
  it('runs the tasks of one key one after another, in the order they were queued', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const first = deferred();
    const a = queue.run('doc', async () => {
      log.push('a starts');
      await first.promise;
      log.push('a ends');
    });
    const b = queue.run('doc', () => {
      log.push('b runs');
      return 'b';
    });
    const c = queue.run('doc', async () => {
      log.push('c runs');
      return 'c';
    });
    await Promise.resolve();
    expect(log).toEqual(['a starts']);
    first.resolve();
    expect(await Promise.all([a, b, c])).toEqual([undefined, 'b', 'c']);
    expect(log).toEqual(['a starts', 'a ends', 'b runs', 'c runs']);
  });

  it('lets a key run while another key waits', async () => {
    const queue = new KeyedQueue();
    const blocked = deferred();
    const slow = queue.run('one', () => blocked.promise);
    const fast = await queue.run('two', () => 'done');
    expect(fast).toBe('done');
    expect(queue.busy('one')).toBe(true);
    blocked.resolve();
    await slow;
    await queue.idle('one');
    expect(queue.busy('one')).toBe(false);
  });

  it('passes a rejection to its caller and still runs the next task of the key', async () => {
    const queue = new KeyedQueue();
    const failing = queue.run('doc', () => Promise.reject(new Error('disk full')));
    const thrown = queue.run('doc', () => {
      throw new Error('bad input');
    });
    const next = queue.run('doc', () => 'stored');
    await expect(failing).rejects.toThrow('disk full');
    await expect(thrown).rejects.toThrow('bad input');
    expect(await next).toBe('stored');
  });

  it('says when a key, or every key, has settled what was queued so far', async () => {
    const queue = new KeyedQueue();
    const gate = deferred();
    const done: string[] = [];
    void queue.run('a', async () => {
      await gate.promise;
      done.push('a');
    });
    void queue
      .run('b', () => Promise.reject(new Error('refused')).finally(() => done.push('b')))
      .catch(() => {});
    await queue.idle('b');
    expect(done).toEqual(['b']);
    const all = queue.idleAll().then(() => done.push('all'));
    gate.resolve();
    await all;
    expect(done).toEqual(['b', 'a', 'all']);
    await queue.idle('never used');
  });
});
