import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import {
  addBarrierCategory,
  archiveBarrierCategory,
  createTeamDoc,
  renameBarrierCategory,
  setFullTimePosts,
  updatePartner,
  addPartner,
} from '../../../src/domain/team-doc.ts';
import { teamDocId } from '../../../src/domain/team-directory.ts';
import { readTeam } from '../../../src/domain/team-read.ts';
import { updateMessage } from '../../../src/protocol/doc-message.ts';
import { ERRORS } from '../../../src/protocol/errors.ts';
import { DOC_PATH_PREFIX } from '../../../src/protocol/sync.ts';
import type { WriteResult } from '../../../src/domain/write-result.ts';
import { wsUrl, type DeviceClient } from './support/device-client.ts';
import { useSyncRelay } from './support/fixture.ts';
import { WORLD } from './support/world.ts';

const sync = useSyncRelay();
const A = WORLD.teamA;
const TEAM_DOC = teamDocId(A);

function must<T>(result: WriteResult<T>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

/** Runs `write` on Anna's replica of the team doc and returns the update it made. */
function change(doc: Y.Doc, write: (doc: Y.Doc) => unknown): Uint8Array {
  const vector = Y.encodeStateVector(doc);
  write(doc);
  return Y.encodeStateAsUpdate(doc, vector);
}

/** Anna's device with the team doc as the app creates it (seeded), pushed with one proposal in it. */
async function annaWithTeamDoc(): Promise<{ device: DeviceClient; doc: Y.Doc; proposal: string }> {
  const device = await sync.connect(WORLD.anna);
  await device.control('caught-up');
  const doc = must(createTeamDoc(A));
  const proposal = must(
    addBarrierCategory(doc, 'Fehlende Schulplätze', { actor: WORLD.anna.userId, propose: true }),
  );
  const first = await device.push(A, TEAM_DOC, Y.encodeStateAsUpdate(doc));
  expect(first.type).toBe('ack');
  return { device, doc, proposal };
}

async function relayTeam() {
  const state = await sync.relay.store.docState(`${A}/${TEAM_DOC}`);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return readTeam(doc).team;
}

describe('a case manager’s push to the team doc on /sync', () => {
  it('is accepted when it proposes entries, corrects their own proposal or edits contact details', async () => {
    const { device, doc, proposal } = await annaWithTeamDoc();
    const corrected = change(doc, (d) =>
      must(renameBarrierCategory(d, proposal, 'Fehlende Schulplätze (Sek I)')),
    );
    expect(await device.push(A, TEAM_DOC, corrected)).toMatchObject({ type: 'ack' });
    let partner = '';
    const proposed = change(doc, (d) => {
      partner = must(addPartner(d, { name: 'Diakonie' }, { actor: WORLD.anna.userId, propose: true }));
    });
    expect(await device.push(A, TEAM_DOC, proposed)).toMatchObject({ type: 'ack' });
    const phone = change(doc, (d) => must(updatePartner(d, partner, { phone: '0234 5678' })));
    expect(await device.push(A, TEAM_DOC, phone)).toMatchObject({ type: 'ack' });
    const category = change(doc, (d) => must(updatePartner(d, partner, { category: 'health' })));
    expect(await device.push(A, TEAM_DOC, category)).toMatchObject({ type: 'ack' });

    const team = await relayTeam();
    expect(team.barrierCategories.find((entry) => entry.id === proposal)).toMatchObject({
      label: 'Fehlende Schulplätze (Sek I)',
      status: 'vorgeschlagen',
      proposedBy: WORLD.anna.userId,
    });
    expect(team.partners).toMatchObject([
      { name: 'Diakonie', phone: '0234 5678', category: 'health', status: 'vorgeschlagen' },
    ]);
  });

  it('is refused with not-allowed-for-role when it renames or archives a confirmed entry, and nothing is stored', async () => {
    const { device, doc } = await annaWithTeamDoc();
    const before = await sync.relay.store.latestSeq(A);

    const rename = change(doc, (d) => must(renameBarrierCategory(d, 'other', 'Anderes')));
    expect(await device.push(A, TEAM_DOC, rename)).toMatchObject({
      type: 'error',
      code: 'not-allowed-for-role',
      teamId: A,
      docId: TEAM_DOC,
    });
    const archive = change(doc, (d) => must(archiveBarrierCategory(d, 'discrimination')));
    expect(await device.push(A, TEAM_DOC, archive)).toMatchObject({
      type: 'error',
      code: 'not-allowed-for-role',
    });
    // The team's staffing is coordination's to set.
    const posts = change(doc, (d) => must(setFullTimePosts(d, 2.5)));
    expect(await device.push(A, TEAM_DOC, posts)).toMatchObject({
      type: 'error',
      code: 'not-allowed-for-role',
    });

    expect(await sync.relay.store.latestSeq(A)).toBe(before);
    const team = await relayTeam();
    expect(team.barrierCategories.find((entry) => entry.id === 'other')?.label).toBe('Sonstiges');
    expect(team.barrierCategories.find((entry) => entry.id === 'discrimination')?.archived).toBeUndefined();
    expect(team.meta.fullTimePosts).toBeUndefined();
    // The socket stays open and the case files keep syncing.
    expect(await device.write(A, 'case-1', 'weiter ')).toBe(before + 1);
  });

  it('is refused when it confirms a proposal, also the pusher’s own', async () => {
    const { device, doc, proposal } = await annaWithTeamDoc();
    const confirm = change(doc, (d) => {
      const entry = d
        .getArray<Y.Map<unknown>>('barrierCategories')
        .toArray()
        .find((map) => map.get('id') === proposal)!;
      entry.delete('status');
    });
    expect(await device.push(A, TEAM_DOC, confirm)).toMatchObject({
      type: 'error',
      code: 'not-allowed-for-role',
    });
    expect((await relayTeam()).barrierCategories.find((entry) => entry.id === proposal)?.status).toBe(
      'vorgeschlagen',
    );
  });

  it('treats a case doc with a team-doc-like content as a case doc', async () => {
    const { device } = await annaWithTeamDoc();
    const lookalike = must(createTeamDoc(A));
    must(renameBarrierCategory(lookalike, 'other', 'Anderes'));
    // Only the team's own doc id is the team doc; any other doc of the team is not checked.
    expect(await device.push(A, 'case-2', Y.encodeStateAsUpdate(lookalike))).toMatchObject({ type: 'ack' });
  });
});

describe('a case manager’s update to the team doc on /ws/doc', () => {
  it('closes the socket with not-allowed-for-role when it renames a confirmed entry', async () => {
    const { doc } = await annaWithTeamDoc();
    const before = await sync.relay.store.latestSeq(A);
    const rename = change(doc, (d) => must(renameBarrierCategory(d, 'other', 'Anderes')));
    const token = await sync.token(WORLD.annaSecond);
    const socket = new WebSocket(wsUrl(sync.relay.url, `${DOC_PATH_PREFIX}${A}/${TEAM_DOC}`, { token }));
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    socket.send(updateMessage(rename));
    expect(await closed).toEqual({ code: ERRORS['not-allowed-for-role'].ws, reason: 'not-allowed-for-role' });
    expect(await sync.relay.store.latestSeq(A)).toBe(before);
  });
});
