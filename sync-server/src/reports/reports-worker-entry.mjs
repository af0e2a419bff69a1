// The entry of the reports worker thread (docs/architecture.md#reports). A worker inherits
// neither the relay's TypeScript loader (tsx) nor the test runner's, so it registers tsx itself and then
// loads the worker's code, which shares `caseFacts` and the report tables with the rest of the relay.
import { register } from 'tsx/esm/api';

register();
await import('./reports-worker-thread.ts');
