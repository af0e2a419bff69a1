// The entry of the facts projection's worker thread (docs/architecture.md#reports). A worker inherits
// neither the relay's TypeScript loader (tsx) nor the test runner's, so it registers tsx itself and then
// loads the worker's code, which shares `caseFacts` with the rest of the relay.
import { register } from 'tsx/esm/api';

register();
await import('./facts-worker-thread.ts');
