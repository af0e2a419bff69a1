import { describe, expect, it } from 'vitest';
import { encodeControl } from '../../../src/protocol/sync.ts';
import { wsUrl } from './support/device-client.ts';
import { useSyncRelay } from './support/fixture.ts';
import { refusedUpgrade } from './support/upgrade.ts';
import { WORLD } from './support/world.ts';

const sync = useSyncRelay();
const A = WORLD.teamA;
const B = WORLD.teamB;

/** Team B has a doc `case-b1`; `case-ghost` exists nowhere. */
async function teamBHasADoc(): Promise<number> {
  const bert = await sync.connect(WORLD.bert);
  await bert.control('caught-up', (f) => f.teamId === B);
  return bert.write(B, 'case-b1', 'Geheimnis aus Team B ');
}

describe('a case manager of team A and the docs of team B', () => {
  it('gets not-in-team for a push, the same whether or not the doc exists, and nothing is stored', async () => {
    await teamBHasADoc();
    const before = await sync.relay.store.latestSeq(B);
    const anna = await sync.connect(WORLD.anna);
    await anna.control('caught-up');

    const existing = await anna.push(B, 'case-b1', anna.edit(B, 'case-b1', 'x'));
    const missing = await anna.push(B, 'case-ghost', anna.edit(B, 'case-ghost', 'x'));
    expect(existing).toMatchObject({ type: 'error', code: 'not-in-team', teamId: B, docId: 'case-b1' });
    expect(missing).toMatchObject({ type: 'error', code: 'not-in-team', teamId: B, docId: 'case-ghost' });
    const strip = ({ ref: _ref, docId: _docId, ...rest }: Record<string, unknown>) => rest;
    expect(strip(existing)).toEqual(strip(missing));
    expect(await sync.relay.store.latestSeq(B)).toBe(before);
    // The socket stays open for the team it may write to.
    expect(await anna.write(A, 'case-a1', 'weiter ')).toBeGreaterThan(0);
  });

  it('cannot read a team B doc by sync step 1 or open it for awareness', async () => {
    await teamBHasADoc();
    const anna = await sync.connect(WORLD.anna);
    await anna.control('caught-up');
    anna.sendStep1(B, 'case-b1');
    anna.send(encodeControl({ type: 'open', teamId: B, docId: 'case-b1' }));
    const errors = () => anna.controls().filter((frame) => frame.type === 'error');
    await anna.waitFor(() => errors().length === 2, 'two refusals');
    for (const refusal of errors()) {
      expect(refusal).toMatchObject({ code: 'not-in-team', teamId: B, docId: 'case-b1' });
    }
    expect(anna.received.filter((e) => e.kind === 'doc')).toEqual([]);
    expect(anna.text(B, 'case-b1')).toBe('');
  });

  it('is refused at the /ws/doc upgrade with one answer for an existing and a missing doc', async () => {
    await teamBHasADoc();
    const token = await sync.token(WORLD.anna);
    const existing = await refusedUpgrade(wsUrl(sync.relay.url, `/ws/doc/${B}/case-b1`, { token }));
    const missing = await refusedUpgrade(wsUrl(sync.relay.url, `/ws/doc/${B}/case-ghost`, { token }));
    expect(existing.status).toBe(403);
    expect(existing.body).toMatchObject({ error: 'not-in-team' });
    expect(missing).toEqual(existing);
  });

  it('gets nothing for a team B cursor in hello, and team B updates never reach the socket', async () => {
    await teamBHasADoc();
    const anna = await sync.connect(WORLD.anna, { [B]: 0, [A]: 0 });
    const welcome = await anna.control('welcome');
    expect(welcome.teams.map((team) => team.id)).toEqual([A]);
    await anna.control('caught-up', (f) => f.teamId === A);

    // Bert writes again while Anna is connected; then Anna writes. The hub publishes in append order, so
    // once Anna has her own update back, Bert's would have arrived before it had it been sent at all.
    const bert = await sync.connect(WORLD.bert);
    await bert.write(B, 'case-b1', 'noch ein Geheimnis ');
    const own = await anna.write(A, 'case-b1', 'Annas eigener Fall ');
    await anna.logged(A, own);

    expect(anna.received.some((e) => e.kind === 'log' && e.frame.teamId === B)).toBe(false);
    expect(anna.controls().some((f) => 'teamId' in f && f.teamId === B)).toBe(false);
    expect(anna.text(B, 'case-b1')).toBe('');
    // The same doc id in team A is a doc of its own: it holds only Anna's text.
    expect(anna.text(A, 'case-b1')).toBe('Annas eigener Fall ');
    expect(bert.logEntries(A)).toEqual([]);
  });
});
