import { Workbox } from 'workbox-window';

export type OfflineStatus = 'unsupported' | 'pending' | 'ready';
export type UpdateCheck = 'idle' | 'checking' | 'up-to-date' | 'failed';

/** A waiting new version is looked for this often while the app is open, and whenever it becomes visible. */
const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000;

/**
 * The service worker's lifecycle as people see it: is the app available offline, and is a new version
 * waiting? A new version is activated only when a person asks for it; the page then reloads once the new
 * worker controls it. Nothing reloads on its own, so no half-typed entry is ever lost to an update.
 */
class AppUpdate {
  #offline = $state<OfflineStatus>('pending');
  #updateWaiting = $state(false);
  #applying = $state(false);
  #check = $state<UpdateCheck>('idle');
  #workbox: Workbox | undefined;

  get offline(): OfflineStatus {
    return this.#offline;
  }

  get updateWaiting(): boolean {
    return this.#updateWaiting;
  }

  get applying(): boolean {
    return this.#applying;
  }

  get check(): UpdateCheck {
    return this.#check;
  }

  async register(scriptUrl = '/sw.js'): Promise<void> {
    if (!('serviceWorker' in navigator)) {
      this.#offline = 'unsupported';
      return;
    }
    const wb = new Workbox(scriptUrl, { scope: '/' });
    this.#workbox = wb;
    wb.addEventListener('waiting', () => {
      this.#updateWaiting = true;
    });
    wb.addEventListener('controlling', () => {
      this.#offline = 'ready';
    });
    wb.addEventListener('activated', () => {
      if (navigator.serviceWorker.controller) this.#offline = 'ready';
    });
    await wb.register();
    if (navigator.serviceWorker.controller) this.#offline = 'ready';

    setInterval(() => void this.checkForUpdate(), UPDATE_CHECK_INTERVAL_MS);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void this.checkForUpdate();
    });
  }

  /** Asks the server for a newer service worker. A newer one installs and then shows up as `updateWaiting`. */
  async checkForUpdate(): Promise<void> {
    if (!this.#workbox) return;
    this.#check = 'checking';
    try {
      await this.#workbox.update();
      this.#check = 'up-to-date';
    } catch {
      this.#check = 'failed';
    }
  }

  /** Activates the waiting version and reloads once it controls the page. Only ever called by a person. */
  applyUpdate(): void {
    const wb = this.#workbox;
    if (!wb || !this.#updateWaiting) return;
    this.#applying = true;
    wb.addEventListener('controlling', () => window.location.reload());
    wb.messageSkipWaiting();
  }

  reset(): void {
    this.#offline = 'pending';
    this.#updateWaiting = false;
    this.#applying = false;
    this.#check = 'idle';
    this.#workbox = undefined;
  }
}

export const appUpdate = new AppUpdate();
