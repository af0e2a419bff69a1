/**
 * Named moments on the way from a cold start to the case list (`performance.mark`, named `lotse:…`), so a
 * benchmark or a DevTools trace can tell where the time goes: script start, mount, the stored session and
 * vault read, the unlock's key, the workspace's code, the store and the summaries. They cost a timestamp.
 */
export type StartMark =
  | 'script'
  | 'mounted'
  | 'session-read'
  | 'vault-ready'
  | 'unlock-start'
  | 'key-unwrapped'
  | 'unlocked'
  | 'workspace-code'
  | 'store-open'
  | 'workspace-checked'
  | 'doc-runtime'
  | 'summaries-read'
  | 'cases-ready';

export function markStart(name: StartMark): void {
  // Only the first of each: a later unlock (after a wrong PIN) or a second workspace says nothing new.
  if (typeof performance === 'undefined' || performance.getEntriesByName(`lotse:${name}`).length > 0) return;
  performance.mark(`lotse:${name}`);
}
