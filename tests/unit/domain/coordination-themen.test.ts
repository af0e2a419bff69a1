import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { barrierReportId } from '../../../src/domain/barrier-report.ts';
import {
  addThemaEntry,
  COORDINATION_DOC_ID,
  COORDINATION_ROOT,
  createThema,
  latestDecision,
  linkReport,
  moveThema,
  readCoordination,
  themaReach,
  unlinkReport,
  updateThema,
} from '../../../src/domain/coordination-doc.ts';
import {
  isThemenFeedDocId,
  readThemenFeed,
  themenFeedDocId,
  themenFeedFor,
  writeThemenFeed,
} from '../../../src/domain/themen-feed.ts';
import { writeOptions } from './case-fixtures.ts';

function must<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

function newDoc(): Y.Doc {
  return new Y.Doc({ guid: COORDINATION_DOC_ID });
}

function sync(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

describe('Themen in the coordination doc', () => {
  test('a new Thema starts as reported today, with its title and description trimmed', () => {
    const doc = newDoc();
    const opts = writeOptions('thema');
    const id = must(
      createThema(doc, { title: '  Keine Dolmetscher bei der ABH ', description: ' Wochenlang ' }, opts),
    );
    const [thema] = readCoordination(doc).themen;
    expect(thema).toMatchObject({
      id,
      title: 'Keine Dolmetscher bei der ABH',
      description: 'Wochenlang',
      status: 'reported',
      statusOn: '2025-06-02',
      createdBy: 'user-1',
      entries: [],
    });
  });

  test('an empty title is refused and nothing is written', () => {
    const doc = newDoc();
    const result = createThema(doc, { title: '   ' }, writeOptions());
    expect(result.ok).toBe(false);
    expect(doc.getArray(COORDINATION_ROOT.themen).length).toBe(0);
  });

  test('a status move is dated, written into the history with where it came from, and not repeated', () => {
    const doc = newDoc();
    const opts = writeOptions('t');
    const id = must(createThema(doc, { title: 'Kita-Plätze fehlen' }, opts));
    must(moveThema(doc, id, { status: 'working-group', on: '2025-03-10', text: 'AG Kita' }, opts));
    const again = moveThema(doc, id, { status: 'working-group', on: '2025-03-11' }, opts);
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.issues[0]?.code).toBe('thema-status-unchanged');
    const [thema] = readCoordination(doc).themen;
    expect(thema?.status).toBe('working-group');
    expect(thema?.statusOn).toBe('2025-03-10');
    expect(thema?.entries).toEqual([
      expect.objectContaining({
        kind: 'status',
        status: 'working-group',
        from: 'reported',
        on: '2025-03-10',
        text: 'AG Kita',
      }),
    ]);
  });

  test('a move or an entry dated in the future is refused', () => {
    const doc = newDoc();
    const opts = writeOptions('t');
    const id = must(createThema(doc, { title: 'Kita-Plätze fehlen' }, opts));
    const move = moveThema(doc, id, { status: 'steering-group', on: '2025-06-03' }, opts);
    const note = addThemaEntry(doc, id, { kind: 'note', on: '2099-01-01', text: 'später' }, opts);
    expect(move.ok).toBe(false);
    expect(note.ok).toBe(false);
    expect(readCoordination(doc).themen[0]?.entries).toEqual([]);
  });

  test('the latest decision is the one of the latest day, whatever order they were written in', () => {
    const doc = newDoc();
    const opts = writeOptions('t');
    const id = must(createThema(doc, { title: 'Sprachkurs mit Kinderbetreuung' }, opts));
    must(addThemaEntry(doc, id, { kind: 'decision', on: '2025-03-01', text: 'Bedarf erheben' }, opts));
    must(addThemaEntry(doc, id, { kind: 'decision', on: '2025-02-01', text: 'Vertagt' }, opts));
    must(addThemaEntry(doc, id, { kind: 'note', on: '2025-03-05', text: 'Träger angefragt' }, opts));
    const empty = addThemaEntry(doc, id, { kind: 'decision', on: '2025-03-05', text: '  ' }, opts);
    expect(empty.ok).toBe(false);
    const [thema] = readCoordination(doc).themen;
    expect(thema && latestDecision(thema)?.text).toBe('Bedarf erheben');
  });

  test('a report feeds one Thema: linking it elsewhere moves it, and the reach counts cases and teams', () => {
    const doc = newDoc();
    const opts = writeOptions('t');
    const a = must(createThema(doc, { title: 'A' }, opts));
    const b = must(createThema(doc, { title: 'B' }, opts));
    must(linkReport(doc, a, { reportId: 'r1', teamId: 'team-1', caseKey: 'case-x' }, opts));
    must(linkReport(doc, a, { reportId: 'r2', teamId: 'team-1', caseKey: 'case-x' }, opts));
    must(linkReport(doc, a, { reportId: 'r3', teamId: 'team-2', caseKey: 'case-y' }, opts));
    expect(themaReach(readCoordination(doc), a)).toEqual({
      reports: 3,
      cases: 2,
      teams: 2,
      teamIds: ['team-1', 'team-2'],
    });
    must(linkReport(doc, b, { reportId: 'r3', teamId: 'team-2', caseKey: 'case-y' }, opts));
    expect(themaReach(readCoordination(doc), a)).toMatchObject({ reports: 2, cases: 1, teams: 1 });
    must(unlinkReport(doc, 'r1', opts));
    expect(themaReach(readCoordination(doc), a)).toMatchObject({ reports: 1 });
    expect(unlinkReport(doc, 'r1', opts).ok).toBe(false);
    expect(
      linkReport(doc, 'no-such-thema', { reportId: 'r9', teamId: 'team-1', caseKey: 'k' }, opts).ok,
    ).toBe(false);
  });

  test('two coordinators editing offline merge: both notes stay, the description keeps both edits', () => {
    const left = newDoc();
    const id = must(
      createThema(left, { title: 'Jobcenter antwortet nicht', description: 'Wartezeit' }, writeOptions('l')),
    );
    const right = newDoc();
    sync(left, right);
    must(
      addThemaEntry(
        left,
        id,
        { kind: 'note', on: '2025-03-12', text: 'Gespräch mit JC-Leitung' },
        writeOptions('l2'),
      ),
    );
    must(
      addThemaEntry(
        right,
        id,
        { kind: 'decision', on: '2025-03-13', text: 'In die Lenkungsgruppe' },
        writeOptions('r2'),
      ),
    );
    must(
      updateThema(
        left,
        id,
        { title: 'Jobcenter antwortet nicht', description: 'Lange Wartezeit' },
        writeOptions('l3'),
      ),
    );
    must(
      updateThema(
        right,
        id,
        { title: 'Jobcenter antwortet nicht', description: 'Wartezeit von Wochen' },
        writeOptions('r3'),
      ),
    );
    sync(left, right);
    sync(right, left);
    const merged = readCoordination(left).themen[0];
    expect(readCoordination(right).themen[0]).toEqual(merged);
    expect(merged?.entries.map((entry) => entry.text).sort()).toEqual([
      'Gespräch mit JC-Leitung',
      'In die Lenkungsgruppe',
    ]);
    expect(merged?.description).toContain('Lange');
    expect(merged?.description).toContain('von Wochen');
  });

  test('what does not validate is counted as unreadable, not silently dropped', () => {
    const doc = newDoc();
    const opts = writeOptions('t');
    const id = must(createThema(doc, { title: 'A' }, opts));
    must(linkReport(doc, id, { reportId: 'r1', teamId: 'team-1', caseKey: 'k' }, opts));
    doc.getMap(COORDINATION_ROOT.links).set('r2', { reportId: 'other', themaId: id });
    const broken = new Y.Map<unknown>();
    broken.set('id', 'broken');
    doc.getArray(COORDINATION_ROOT.themen).push([broken]);
    const view = readCoordination(doc);
    expect(view.themen.map((thema) => thema.id)).toEqual([id]);
    expect([...view.links.keys()]).toEqual(['r1']);
    expect(view.unreadable).toBe(2);
  });
});

describe("a team's Themen feed", () => {
  function coordination() {
    const doc = newDoc();
    const opts = writeOptions('t');
    const id = must(createThema(doc, { title: 'Keine Dolmetscher' }, opts));
    must(moveThema(doc, id, { status: 'measure-decided', on: '2025-03-10' }, opts));
    must(
      addThemaEntry(doc, id, { kind: 'decision', on: '2025-03-10', text: 'Pool für Sprachmittlung' }, opts),
    );
    must(addThemaEntry(doc, id, { kind: 'note', on: '2025-03-11', text: 'Interne Notiz' }, opts));
    const report = barrierReportId('barrier-1', '2025-03-01T10:00:00.000Z');
    must(linkReport(doc, id, { reportId: report, teamId: 'team-1', caseKey: 'k1' }, opts));
    must(linkReport(doc, id, { reportId: 'other-team-report', teamId: 'team-2', caseKey: 'k2' }, opts));
    return { doc, id, report };
  }

  test('holds only its own team’s reports, with title, status and the latest decision, never notes', () => {
    const { doc, id, report } = coordination();
    const feed = themenFeedFor(readCoordination(doc), 'team-1');
    expect([...feed.keys()]).toEqual([report]);
    expect(feed.get(report)).toEqual({
      themaId: id,
      title: 'Keine Dolmetscher',
      status: 'measure-decided',
      statusOn: '2025-03-10',
      decision: { on: '2025-03-10', text: 'Pool für Sprachmittlung' },
    });
    expect(JSON.stringify([...feed])).not.toContain('Interne Notiz');
  });

  test('writing the feed writes only differences and reads back what was written', () => {
    const { doc, report } = coordination();
    const feedDoc = new Y.Doc({ guid: themenFeedDocId('team-1') });
    const entries = themenFeedFor(readCoordination(doc), 'team-1');
    expect(writeThemenFeed(feedDoc, entries)).toBe(true);
    expect(writeThemenFeed(feedDoc, entries)).toBe(false);
    expect(readThemenFeed(feedDoc)).toEqual(entries);
    must(unlinkReport(doc, report, writeOptions('u')));
    expect(writeThemenFeed(feedDoc, themenFeedFor(readCoordination(doc), 'team-1'))).toBe(true);
    expect(readThemenFeed(feedDoc).size).toBe(0);
    expect(isThemenFeedDocId(themenFeedDocId('team-1'))).toBe(true);
    expect(isThemenFeedDocId('team:team-1')).toBe(false);
  });
});
