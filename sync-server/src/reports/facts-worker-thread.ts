import { parentPort } from 'node:worker_threads';
import * as Y from 'yjs';
import { caseFacts } from '../../../src/domain/case-facts.ts';
import { ProjectRequestSchema, type ProjectAnswer } from './facts-worker-protocol.ts';

/**
 * The facts projection's worker thread: decodes a case doc from its stored state and computes its facts,
 * off the relay's event loop (docs/architecture.md#reports). It holds no connection and no secret; what it
 * answers is checked by `FactsWorker` before anything is stored.
 */
if (!parentPort) throw new Error('facts-worker-thread runs as a worker thread');
const port = parentPort;

port.on('message', (message: unknown) => {
  const request = ProjectRequestSchema.safeParse(message);
  if (!request.success) {
    // No id to answer to: the main thread's timeout stands in for the answer.
    return;
  }
  const { id, state } = request.data;
  let answer: ProjectAnswer;
  try {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    const facts = caseFacts(doc);
    doc.destroy();
    answer = { id, ok: true, facts: facts === undefined ? null : JSON.stringify(facts) };
  } catch (error) {
    answer = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(answer);
});
