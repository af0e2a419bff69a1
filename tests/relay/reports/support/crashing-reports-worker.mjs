// A reports worker that dies on its first doc.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', () => {
  throw new Error('the worker broke');
});
