import { parentPort } from 'node:worker_threads';
import * as Y from 'yjs';
import { caseFacts } from '../../../src/domain/case-facts.ts';
import { readPeriod } from '../../../src/domain/report-period.ts';
import type { ReportLink, Thema } from '../../../src/domain/schema/coordination.ts';
import { jointReports } from './report-tables.ts';
import { WorkerRequestSchema, type ReportsRequest, type WorkerAnswer } from './reports-worker-protocol.ts';

/**
 * The reports worker thread (docs/architecture.md#reports): decodes case docs and computes their facts, and
 * builds and suppresses reports, off the relay's event loop. It holds no connection and no secret; what it
 * answers is checked by `ReportsWorker` before anything is stored or sent.
 */
if (!parentPort) throw new Error('reports-worker-thread runs as a worker thread');
const port = parentPort;

function project(state: Uint8Array): string | null {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const facts = caseFacts(doc);
  doc.destroy();
  return facts === undefined ? null : JSON.stringify(facts);
}

function reports(request: ReportsRequest) {
  const period = readPeriod(request.period);
  if (typeof period === 'string') throw new Error(period);
  const labels = new Map(request.labels);
  const partnerCategories = new Map(request.partnerCategories);
  const posts = new Map(request.posts);
  const computed = jointReports({
    period,
    teams: request.teams,
    cases: request.cases.map(({ teamId, facts }) => ({ teamId, facts: JSON.parse(facts) })),
    categoryLabel: (teamId, categoryId) => labels.get(`${teamId}\u0000${categoryId}`),
    partnerCategory: (teamId, partnerId) => partnerCategories.get(`${teamId}\u0000${partnerId}`),
    fullTimePosts: (teamId) => posts.get(teamId),
    coordination: {
      themen: request.themen as Thema[],
      links: new Map(request.links as [string, ReportLink][]),
    },
  });
  return [...computed];
}

port.on('message', (message: unknown) => {
  const request = WorkerRequestSchema.safeParse(message);
  // Without an id there is no one to answer: the relay's timeout stands in for the answer.
  if (!request.success) return;
  const { id } = request.data;
  let answer: WorkerAnswer;
  try {
    answer =
      request.data.kind === 'project'
        ? { id, ok: true, facts: project(request.data.state) }
        : { id, ok: true, reports: reports(request.data) };
  } catch (error) {
    answer = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(answer);
});
