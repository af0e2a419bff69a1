import { mount } from 'svelte';
import { appUpdate } from './state/app-update.svelte.ts';
import { cases } from './state/cases.svelte.ts';
import { connectivity } from './state/connectivity.svelte.ts';
import { LOCAL_USER, openDeviceStore } from './state/device-store.ts';
import { deviceStorage } from './state/device-storage.svelte.ts';
import { locale } from './state/locale.svelte.ts';
import { team } from './state/team.svelte.ts';
import App from './ui/App.svelte';
import './ui/app.css';

document.documentElement.lang = locale.current;

const target = document.getElementById('app');
if (!target) throw new Error('The page has no #app element to mount Lotse into.');
mount(App, { target });

connectivity.start();
openDeviceStore({ server: location.origin, user: LOCAL_USER }).then(
  // The team doc (partner directory, barrier categories) opens beside the cases, not after them.
  (store) => Promise.all([cases.init(store), team.init(store)]),
  (error: unknown) => cases.fail(error),
);
void deviceStorage.requestPersistence();

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
