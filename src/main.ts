import { mount } from 'svelte';
import { appUpdate } from './state/app-update.svelte.ts';
import { cases } from './state/cases.svelte.ts';
import { connectivity } from './state/connectivity.svelte.ts';
import { deviceStorage } from './state/device-storage.svelte.ts';
import { locale } from './state/locale.svelte.ts';
import type * as SessionWorkspace from './state/session-workspace.ts';
import type { ReadAhead, Workspace } from './state/session-workspace.ts';
import { autoLockMs, lockAllTabs, startAutoLock } from './state/auto-lock.ts';
import { entryDrafts } from './state/entry-drafts.ts';
import { checkDevice } from './state/device-check.ts';
import { vault, type WipeReason } from './state/vault.svelte.ts';
import { session } from './state/session.svelte.ts';
import { team } from './state/team.svelte.ts';
import { markStart } from './state/start-marks.ts';
import App from './ui/App.svelte';
import './ui/app.css';

markStart('script');
document.documentElement.lang = locale.current;

const target = document.getElementById('app');
if (!target) throw new Error('The page has no #app element to mount Lotse into.');
mount(App, { target });
markStart('mounted');

connectivity.start();
void deviceStorage.requestPersistence();

const origin = location.origin;
let workspace: Promise<Workspace | undefined> | undefined;
let leaving = false;

// The workspace's code (Yjs, the sync engine) is not part of the first screen: it loads once the lock
// screen is painted, while the person types the PIN, or at the latest when the PIN is submitted.
let workspaceCode: Promise<typeof SessionWorkspace> | undefined;
const loadWorkspaceCode = () => (workspaceCode ??= import('./state/session-workspace.ts'));

/** The reading ahead started by the latest unlock attempt (see `readAhead`). */
let ahead: Promise<ReadAhead | undefined> | undefined;

vault.onUnlockAttempt(() => {
  // A wrong PIN came before: what it read ahead is dropped, so the case list starts from what is stored now.
  void ahead?.then((earlier) => earlier?.db.then((db) => db.close()).catch(() => undefined));
  ahead = loadWorkspaceCode()
    .then(({ readAhead }) => readAhead(origin))
    .catch(() => undefined);
});

/** Preloads the workspace's code once the lock screen has been painted and the page is idle. */
function preloadWhileLocked(): void {
  const load = () => void loadWorkspaceCode().catch(() => undefined);
  if ('requestIdleCallback' in window) requestIdleCallback(load, { timeout: 1_000 });
  else setTimeout(load, 200);
}

/** Opens the signed-in person's cases from the device; needs no network, only the unlocked vault. */
function openOnce(): Promise<Workspace | undefined> {
  workspace ??= Promise.all([loadWorkspaceCode(), ahead])
    .then(([{ openWorkspace }, early]) => {
      markStart('workspace-code');
      return openWorkspace({ origin, codec: vault.codec, ...(early ? { ahead: early } : {}) });
    })
    .catch((error: unknown) => {
      cases.fail(error);
      return undefined;
    });
  return workspace;
}

/** A fresh start: nothing of the previous state stays in memory (used to lock, and after a wipe). */
function restart(): void {
  if (leaving) return;
  leaving = true;
  // Drafts of entry forms are on their way to IndexedDB too; they are what the person typed last.
  void Promise.all([cases.flush(), entryDrafts.settled()]).finally(() => location.reload());
}

/** Deletes the person's data on this device, ends the session on it, and starts afresh. */
function wipeAndRestart(reason: WipeReason): void {
  if (leaving) return;
  leaving = true;
  void cases
    .flush()
    .catch(() => undefined)
    .then(() => vault.wipe(reason))
    .then(() => (session.status === 'logged-out' ? undefined : session.logout()))
    // Other open tabs start afresh too: their database is gone.
    .finally(() => {
      lockAllTabs();
      location.reload();
    });
}

// A first login's tokens live in memory until the vault exists; they are sealed and stored before the app
// opens, so a reload at once does not find a session without tokens.
vault.onSetUp((codec) => session.unlock(codec));

vault.onUnlock(() => {
  // The session's tokens are sealed with the vault too: sync can start once they are read.
  void session.unlock(vault.codec).finally(() => void openOnce());
  const minutes = session.policy?.autoLockMinutes;
  startAutoLock({ idleMs: autoLockMs(minutes), onLock: restart });
});

async function prepareVault(): Promise<void> {
  const user = session.user;
  if (!user) return;
  try {
    const status = await vault.prepare(origin, user.id);
    markStart('vault-ready');
    if (status === 'locked') {
      void checkWhileLocked();
      preloadWhileLocked();
    }
  } catch (error) {
    cases.fail(error);
  }
}

/** A locked device still asks the relay whether it was revoked, so a lost tablet wipes itself at once. */
async function checkWhileLocked(): Promise<void> {
  const deviceId = session.deviceId;
  if (!navigator.onLine || session.status !== 'active' || !deviceId) return;
  if ((await checkDevice(origin, deviceId)) === 'revoked') await session.expire('device-revoked');
}

void session.init({ origin }).then(() => {
  markStart('session-read');
  session.subscribe((event) => {
    if (event.kind === 'logout') {
      // Logging out deletes the person's data on this device (after they were told about unsynced changes).
      wipeAndRestart('logout');
    } else if (event.kind === 'expired') {
      // A device reported lost is wiped the moment it hears so from the relay.
      if (session.refusal === 'device-revoked') wipeAndRestart('device-revoked');
    } else if (event.previousUserId !== null && event.previousUserId !== event.user.id) {
      vault.clearWipeNotice();
      // Someone else signed in after the session expired: their own database opens on a fresh start.
      restart();
    } else if (vault.status === 'idle') {
      vault.clearWipeNotice();
      void prepareVault();
    }
  });
  if (session.refusal === 'device-revoked') wipeAndRestart('device-revoked');
  else if (session.user) void prepareVault();
});

// Summaries lag their docs by a moment; write them before the page may be discarded.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') void cases.flush();
});

// A change typed a moment ago may still be on its way to IndexedDB; the browser asks before leaving.
window.addEventListener('beforeunload', (event) => {
  // Not when the app restarts itself to lock or after a wipe: what was pending is flushed or gone by then.
  if (!leaving && cases.pendingWrites + team.pendingWrites > 0) event.preventDefault();
});

if (import.meta.env.PROD) {
  appUpdate.register().catch((error: unknown) => {
    // The app still works online without a service worker; offline use is then unavailable.
    console.error('Service worker registration failed', error);
  });
}
