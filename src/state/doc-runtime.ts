/**
 * Everything the state layer runs on Yjs docs: case and team docs, the case session, and the sync engine
 * behind them. It is loaded with `import()` when a person's workspace opens (`loadDocRuntime`), not with
 * the app: the first screen (the device PIN) and the shell do not wait for Yjs and the sync engine
 * (docs/architecture.md#code-splitting). Offline, the service worker's precache serves it.
 */
export * as Y from 'yjs';
export { createCaseDoc } from '../domain/case-doc.ts';
export { readCase } from '../domain/case-read.ts';
export { summarizeCase } from '../domain/summarize-case.ts';
export { addConsent, addContact, addReminder } from '../domain/case-write-items.ts';
export * as teamDoc from '../domain/team-doc.ts';
export { readTeam } from '../domain/team-read.ts';
export { writeAsCaseManager } from '../domain/team-vocabulary-doc.ts';
export { createTabSync } from '../sync/leader.ts';
export { CaseSession } from './case-session.svelte.ts';
export * as coordinationDoc from '../domain/coordination-doc.ts';
export { readThemenFeed } from '../domain/themen-feed.ts';
