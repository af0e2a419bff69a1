import { describe, expect, it } from 'vitest';
import { ERRORS, type ErrorCode } from '../../../src/protocol/errors.ts';
import { PROTOCOL_VERSION } from '../../../src/protocol/health.ts';
import { encodeControl, MAX_CONTROL_FRAME_BYTES, MAX_HELLO_TEAMS } from '../../../src/protocol/sync.ts';
import { useSyncRelay } from './support/fixture.ts';
import { refusedSocket } from './support/upgrade.ts';
import { WORLD } from './support/world.ts';

/**
 * A hello arrives before the relay knows who sent it, so it is held to tight bounds: its size, how many
 * teams it names, and what a team id may be. Each refusal has its code and serves nothing.
 */
const sync = useSyncRelay();
const A = WORLD.teamA;

const closedWith = (code: ErrorCode) => ({ code: ERRORS[code].ws, reason: code, frames: 0 });

/** A hello as JSON text, built by hand so that it can hold what `encodeControl` would never produce. */
function rawHello(token: string, cursorsJson: string, extra = ''): string {
  return `{"v":${PROTOCOL_VERSION},"type":"hello","token":${JSON.stringify(token)},"cursors":${cursorsJson}${extra}}`;
}

describe('a hostile hello', () => {
  it('is refused with malformed-frame when a cursor key is __proto__ or another reserved name', async () => {
    const token = await sync.token(WORLD.anna);
    for (const key of ['__proto__', 'constructor', 'toString']) {
      const hello = rawHello(token, `{"${key}":5,"${A}":0}`);
      expect(await refusedSocket(sync.relay.url, token, { first: hello }), key).toEqual(
        closedWith('malformed-frame'),
      );
    }
  });

  it('is refused with payload-too-large when it names 10,000 teams', async () => {
    const token = await sync.token(WORLD.anna);
    const cursors = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`team-${i}`, 0]));
    const hello = encodeControl({ type: 'hello', token, cursors });
    expect(await refusedSocket(sync.relay.url, token, { first: hello })).toEqual(
      closedWith('payload-too-large'),
    );
  });

  it('is refused with malformed-frame when it names more teams than a hello may, however small', async () => {
    const token = await sync.token(WORLD.anna);
    const cursors = Object.fromEntries(Array.from({ length: MAX_HELLO_TEAMS + 1 }, (_, i) => [`t${i}`, 0]));
    const hello = encodeControl({ type: 'hello', token, cursors });
    expect(hello.length).toBeLessThan(MAX_CONTROL_FRAME_BYTES);
    expect(await refusedSocket(sync.relay.url, token, { first: hello })).toEqual(
      closedWith('malformed-frame'),
    );
  });

  it('is refused with payload-too-large when it carries 1 MB of padding', async () => {
    const token = await sync.token(WORLD.anna);
    const hello = rawHello(token, '{}', `,"padding":"${'x'.repeat(1024 * 1024)}"`);
    expect(await refusedSocket(sync.relay.url, token, { first: hello })).toEqual(
      closedWith('payload-too-large'),
    );
  });

  it('still lets a well-formed hello with the device’s own team through', async () => {
    const device = await sync.connect(WORLD.anna, { [A]: 0 });
    expect(await device.control('caught-up')).toMatchObject({ teamId: A });
  });
});

describe('control frames after the hello', () => {
  it('are refused with payload-too-large above the control frame limit', async () => {
    const device = await sync.connect(WORLD.anna);
    await device.control('caught-up');
    device.send(
      JSON.stringify({
        v: PROTOCOL_VERSION,
        type: 'open',
        teamId: A,
        docId: 'case-1',
        padding: 'x'.repeat(MAX_CONTROL_FRAME_BYTES),
      }),
    );
    expect(await device.closed).toEqual({
      code: ERRORS['payload-too-large'].ws,
      reason: 'payload-too-large',
    });
  });
});
