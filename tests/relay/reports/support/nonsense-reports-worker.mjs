// A reports worker that answers in the protocol's shape but with facts that do not fit their schema.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', ({ id }) => parentPort.postMessage({ id, ok: true, facts: '{"v":3,"kind":"spy"}' }));
