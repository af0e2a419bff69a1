import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SHIPPED_PHRASES } from '../../../src/domain/consent-template-texts.ts';
import { TRANSLATION_FILE_FORMAT, type TranslationFile } from '../../../src/domain/consent-templates.ts';
import { createTeamDoc, setConsentTranslation } from '../../../src/domain/team-doc.ts';
import { teamDocId } from '../../../src/domain/team-directory.ts';
import { readTeam } from '../../../src/domain/team-read.ts';
import type { WriteResult } from '../../../src/domain/write-result.ts';
import { consentTranslationPath, removeConsentTranslationPath } from '../../../src/protocol/vocabulary.ts';
import { useSyncRelay } from './support/fixture.ts';
import { WORLD, type Person } from './support/world.ts';

const sync = useSyncRelay();
const A = WORLD.teamA;
const TEAM_DOC = teamDocId(A);

function must<T>(result: WriteResult<T>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

const FARSI: TranslationFile = {
  format: TRANSLATION_FILE_FORMAT,
  formatVersion: 1,
  language: 'fa',
  reviewedBy: 'Übersetzungsbüro Rahimi',
  reviewedOn: '2026-11-30',
  phrases: { ...SHIPPED_PHRASES.en!.phrases, recipient: 'با این نهاد: {recipient}.' },
  templates: { jobcenter: { title: 'رضایت‌نامه', purpose: 'هماهنگی با Jobcenter.' } },
};

async function post(
  person: Person,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${sync.relay.url}${consentTranslationPath(A)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await sync.token(person)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function remove(
  person: Person,
  language: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${sync.relay.url}${removeConsentTranslationPath(A, language)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await sync.token(person)}`, 'content-type': 'application/json' },
    body: '{}',
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function relayTeam() {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, await sync.relay.store.docState(`${A}/${TEAM_DOC}`));
  return readTeam(doc).team;
}

describe('consent translations of a team', () => {
  it('are imported by coordination, and a case manager’s device receives them', async () => {
    const device = await sync.connect(WORLD.anna);
    await device.control('caught-up');
    const seen = device.logEntries(A).length;
    const answer = await post(WORLD.carla, FARSI);
    expect(answer.status).toBe(200);
    const team = await relayTeam();
    expect(team.consentTranslations).toEqual([FARSI]);
    await expect.poll(() => device.logEntries(A).length).toBeGreaterThan(seen);
  });

  it('are listed in the vocabulary and removed by coordination, audited; a case manager may not remove one', async () => {
    expect((await post(WORLD.carla, FARSI)).status).toBe(200);
    expect((await remove(WORLD.anna, 'fa')).status).toBe(403);
    expect((await relayTeam()).consentTranslations).toEqual([FARSI]);
    const before = await sync.relay.store.latestSeq(A);
    const missing = await remove(WORLD.carla, 'uk');
    expect(missing.status).toBe(404);
    expect(await sync.relay.store.latestSeq(A)).toBe(before);

    const answer = await remove(WORLD.carla, 'fa');
    expect(answer.status).toBe(200);
    expect(answer.body.consentTranslations).toEqual([]);
    expect((await relayTeam()).consentTranslations).toEqual([]);
    await sync.relay.audit.flush();
    const audited = await sync.relay.store.listAudit({ kind: 'vocabulary-changed', limit: 1 });
    expect(audited.events[0]?.detail).toEqual({
      list: 'consent-translation',
      action: 'remove',
      entryId: 'fa',
    });
  });

  it('refuse a file that breaks the format, with the reason, and store nothing', async () => {
    const before = await sync.relay.store.latestSeq(A);
    const answer = await post(WORLD.carla, { ...FARSI, reviewedOn: 'gestern' });
    expect(answer.status).toBe(400);
    expect(String(answer.body.message)).toContain('reviewedOn');
    expect(await sync.relay.store.latestSeq(A)).toBe(before);
  });

  it('cannot be changed by a case manager, neither over HTTP nor by a push of the team doc', async () => {
    expect((await post(WORLD.anna, FARSI)).status).toBe(403);
    const device = await sync.connect(WORLD.anna);
    await device.control('caught-up');
    const doc = must(createTeamDoc(A));
    expect(await device.push(A, TEAM_DOC, Y.encodeStateAsUpdate(doc))).toMatchObject({ type: 'ack' });
    const before = await sync.relay.store.latestSeq(A);
    const vector = Y.encodeStateVector(doc);
    must(setConsentTranslation(doc, 'fa', FARSI, { actor: WORLD.anna.userId }));
    expect(await device.push(A, TEAM_DOC, Y.encodeStateAsUpdate(doc, vector))).toMatchObject({
      type: 'error',
      code: 'not-allowed-for-role',
    });
    expect(await sync.relay.store.latestSeq(A)).toBe(before);
    expect((await relayTeam()).consentTranslations).toEqual([]);
  });
});
