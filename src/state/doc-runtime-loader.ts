import type * as Runtime from './doc-runtime.ts';

export type DocRuntime = typeof Runtime;

let loading: Promise<DocRuntime> | undefined;
let loaded: DocRuntime | undefined;

/** Loads the Yjs runtime once (`doc-runtime.ts`); every caller gets the same module. */
export function loadDocRuntime(): Promise<DocRuntime> {
  loading ??= import('./doc-runtime.ts').then((runtime) => (loaded = runtime));
  return loading;
}

/**
 * The loaded runtime, for code that runs only once a workspace is open (a store exists only after
 * `cases.init` or `team.init` awaited `loadDocRuntime`). Throws when called before that.
 */
export function docRuntime(): DocRuntime {
  if (!loaded) throw new Error('The doc runtime is used before a workspace opened it.');
  return loaded;
}
