import { mount } from 'svelte';
import { appUpdate } from './state/app-update.svelte.ts';
import { cases } from './state/cases.svelte.ts';
import { connectivity } from './state/connectivity.svelte.ts';
import { deviceStorage } from './state/device-storage.svelte.ts';
import { locale } from './state/locale.svelte.ts';
import { openWorkspace, type Workspace } from './state/session-workspace.ts';
import { session } from './state/session.svelte.ts';
import { team } from './state/team.svelte.ts';
import App from './ui/App.svelte';
import './ui/app.css';

document.documentElement.lang = locale.current;

const target = document.getElementById('app');
if (!target) throw new Error('The page has no #app element to mount Lotse into.');
mount(App, { target });

connectivity.start();
void deviceStorage.requestPersistence();

const origin = location.origin;
let workspace: Promise<Workspace | undefined> | undefined;

/** Opens the signed-in person's cases from the device; needs no network. */
function openOnce(): Promise<Workspace | undefined> {
  workspace ??= openWorkspace({ origin }).catch((error: unknown) => {
    cases.fail(error);
    return undefined;
  });
  return workspace;
}

void session.init({ origin }).then(() => {
  session.subscribe((event) => {
    if (event.kind === 'logout') {
      // A fresh start shows the login screen with nothing of the previous person in memory.
      void cases.flush().finally(() => location.reload());
    } else if (event.kind === 'login') {
      if (event.previousUserId !== null && event.previousUserId !== event.user.id) {
        // Someone else signed in after the session expired: their own database opens on a fresh start.
        void cases.flush().finally(() => location.reload());
      } else {
        void openOnce();
      }
    }
  });
  if (session.user) void openOnce();
});

// Summaries lag their docs by a moment; write them before the page may be discarded.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') void cases.flush();
});

// A change typed a moment ago may still be on its way to IndexedDB; the browser asks before leaving.
window.addEventListener('beforeunload', (event) => {
  if (cases.pendingWrites + team.pendingWrites > 0) event.preventDefault();
});

if (import.meta.env.PROD) {
  appUpdate.register().catch((error: unknown) => {
    // The app still works online without a service worker; offline use is then unavailable.
    console.error('Service worker registration failed', error);
  });
}
