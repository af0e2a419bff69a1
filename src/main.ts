import { mount } from 'svelte';
import { appUpdate } from './state/app-update.svelte.ts';
import { connectivity } from './state/connectivity.svelte.ts';
import { locale } from './state/locale.svelte.ts';
import App from './ui/App.svelte';
import './ui/app.css';

document.documentElement.lang = locale.current;

const target = document.getElementById('app');
if (!target) throw new Error('The page has no #app element to mount Lotse into.');
mount(App, { target });

connectivity.start();
if (import.meta.env.PROD) {
  appUpdate.register().catch((error: unknown) => {
    // The app still works online without a service worker; offline use is then unavailable.
    console.error('Service worker registration failed', error);
  });
}
