import path from 'node:path';
import * as Y from 'yjs';
import { caseFacts } from '../../../src/domain/case-facts.ts';
import { isDue, retentionOf } from '../../../src/domain/retention.ts';
import { verifyAuditChain } from '../audit/audit-chain.ts';
import { BLOB_DIR_NAME, FileBlobStore } from '../blobs/file-blob-store.ts';
import { parseConfig } from '../config.ts';
import { berlinToday, contributionOf, dueCases } from '../lifecycle/lifecycle.ts';
import { catchUpFacts } from '../reports/facts-projector.ts';
import { isStoreError, type NewAuditEvent, type RelayStore } from '../storage/contract.ts';
import { docKey } from '../sync/doc-key.ts';
import type { Command } from './commands.ts';
import { CommandError, UsageError } from './errors.ts';
import { table, timestamp } from './table.ts';

/** The retention rules as the relay reads them from the same environment. */
function retentionRules() {
  return parseConfig({
    DATA_DIR: process.env.DATA_DIR,
    RETENTION_CLOSED_CASE_YEARS: process.env.RETENTION_CLOSED_CASE_YEARS,
    RETENTION_SHORT_COUNSELLING_MONTHS: process.env.RETENTION_SHORT_COUNSELLING_MONTHS,
  }).retention;
}

/** Every step an operator takes is in the audit log, as the relay's own are, named `admin-cli`. */
const audited = (event: Omit<NewAuditEvent, 'at' | 'login'>): NewAuditEvent => ({
  ...event,
  at: Date.now(),
  login: 'admin-cli',
});

async function caseOf(store: RelayStore, teamId: string, docId: string): Promise<string> {
  const key = docKey(teamId, docId);
  if ((await store.erasureOf(key)) !== undefined)
    throw new CommandError(`${teamId}/${docId} was erased already.`);
  if ((await store.teamOfDoc(key)) !== teamId) throw new CommandError(`No case ${docId} in team ${teamId}.`);
  return key;
}

/** A running relay learns of a CLI erasure from the store: see the README, "Data lifecycle". */
const REACHES_DEVICES =
  'Devices learn of it when they next connect; a running relay refuses changes to it at once. The relay ' +
  'erases due cases itself, so this is for a single case that cannot wait for the next sweep.';

export const LIFECYCLE_COMMANDS: Record<string, Command> = {
  'lifecycle due': {
    usage: 'lifecycle due [--within <days>]',
    summary:
      'List the cases whose retention period ends within that many days (default 30) or has ended: team, ' +
      'doc id, rule, kept until, due on, and whether a Löschsperre holds it. No case content.',
    positionals: 0,
    options: { within: { type: 'string', default: '30' } },
    readOnly: true,
    async run(store, { values }, io) {
      const within = Number(values.within);
      if (!Number.isInteger(within) || within < 0 || within > 3660) {
        throw new UsageError('--within must be a number of days from 0 to 3660.');
      }
      await catchUpFacts(store);
      const teams = (await store.listTeams()).map((team) => team.id);
      const due = await dueCases(store, teams, retentionRules(), berlinToday(Date.now()), within);
      io.out(
        table(
          ['TEAM', 'DOC', 'RULE', 'KEPT UNTIL', 'DUE ON', 'LÖSCHSPERRE'],
          due.map((entry) => [
            entry.teamId,
            entry.docId,
            entry.rule,
            entry.keepUntil,
            entry.dueOn,
            entry.held ? 'yes' : '',
          ]),
        ),
      );
    },
  },

  'lifecycle hold': {
    usage: 'lifecycle hold <team> <doc> --reason "<reason>"',
    summary: 'Set a Löschsperre on a case: it is not erased, neither when due nor on request, until lifted.',
    positionals: 2,
    options: { reason: { type: 'string' } },
    readOnly: false,
    async run(store, { positionals, values }, io) {
      const [teamId, docId] = positionals as [string, string];
      const reason = typeof values.reason === 'string' ? values.reason.trim() : '';
      if (reason.length === 0 || reason.length > 500)
        throw new UsageError('--reason must be 1–500 characters.');
      const key = await caseOf(store, teamId, docId);
      await store.setHold({ docId: key, teamId, reason, setBy: 'admin-cli', setAt: Date.now() });
      await store.appendAudit([audited({ kind: 'legal-hold-set', teamId, docId, detail: { reason } })]);
      io.out(`Set a Löschsperre on ${teamId}/${docId}.`);
    },
  },

  'lifecycle lift': {
    usage: 'lifecycle lift <team> <doc>',
    summary:
      'Lift the Löschsperre of a case; a case whose period has ended is then erased by the next sweep.',
    positionals: 2,
    options: {},
    readOnly: false,
    async run(store, { positionals }, io) {
      const [teamId, docId] = positionals as [string, string];
      if (!(await store.liftHold(docKey(teamId, docId)))) {
        throw new CommandError(`${teamId}/${docId} has no Löschsperre.`);
      }
      await store.appendAudit([audited({ kind: 'legal-hold-lifted', teamId, docId, detail: {} })]);
      io.out(`Lifted the Löschsperre of ${teamId}/${docId}.`);
    },
  },

  'lifecycle erase': {
    usage: 'lifecycle erase <team> <doc>',
    summary: `Erase one case whose retention period has ended, now. ${REACHES_DEVICES}`,
    positionals: 2,
    options: {},
    readOnly: false,
    async run(store, { positionals }, io) {
      const [teamId, docId] = positionals as [string, string];
      const key = await caseOf(store, teamId, docId);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, (await store.docSnapshot(key)).state);
      const facts = caseFacts(doc);
      const retention = facts && retentionOf(facts, retentionRules());
      if (retention === undefined || !isDue(retention, berlinToday(Date.now()))) {
        throw new CommandError(
          `${teamId}/${docId} is not due: ${retention?.state === 'period' ? `it is kept until ${retention.keepUntil}` : 'no retention period runs'}. ` +
            'An erasure before the period ends is an erasure on request, confirmed by a second person in the app.',
        );
      }
      try {
        const record = await store.eraseDoc({
          docId: key,
          teamId,
          erasedAt: Date.now(),
          reason: 'retention',
          rule: retention.state === 'period' ? retention.rule : null,
          requestedBy: null,
          confirmedBy: 'admin-cli',
          contribution: contributionOf(doc),
        });
        await store.appendAudit([
          audited({ kind: 'case-erased', teamId, docId, detail: { reason: 'retention', seq: record.seq } }),
        ]);
        // The case's attachments go with it, as when the relay erases (sync-server/src/server.ts).
        if (io.dataDir)
          await new FileBlobStore(path.join(io.dataDir, BLOB_DIR_NAME)).eraseCase(teamId, docId);
      } catch (error) {
        if (isStoreError(error, 'on-hold')) throw new CommandError(`A Löschsperre holds ${teamId}/${docId}.`);
        throw error;
      } finally {
        doc.destroy();
      }
      io.out(`Erased ${teamId}/${docId}. ${REACHES_DEVICES.split('.')[0]}.`);
    },
  },

  'audit verify': {
    usage: 'audit verify',
    summary:
      'Check the hash chain of the audit log from its anchor on and report the first event that was ' +
      'removed or changed. Exit code 1 when the chain is broken.',
    positionals: 0,
    options: {},
    readOnly: true,
    async run(store, _args, io) {
      const report = await verifyAuditChain(store);
      if (report.anchor) {
        io.out(
          `Chain starts after event ${report.anchor.lastDroppedId} (older events removed ${timestamp(report.anchor.cutAt)}).`,
        );
      }
      if (report.unchained > 0) io.out(`${report.unchained} events were written before the chain began.`);
      if (report.firstBreak) {
        throw new CommandError(
          `The audit log was altered at event ${report.firstBreak.id}: ${report.firstBreak.problem}. ` +
            `${report.checked} events before it are intact.`,
        );
      }
      io.out(`The audit chain holds: ${report.checked} events checked.`);
      // Removing the newest events leaves no gap; comparing with a head recorded earlier shows it.
      if (report.head) {
        io.out(
          `Head: event ${report.head.id}, hash ${report.head.hash}. Record it; a later check whose chain ` +
            'does not pass through it shows that events after it were removed.',
        );
      }
    },
  },
};
