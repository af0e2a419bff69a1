import { probeRelay } from '../sync/relay-health.ts';

export type ConnectionStatus = 'online' | 'offline' | 'relay-unreachable';

/** How often the relay is asked whether it is up while the browser believes it is online. */
const PROBE_INTERVAL_MS = 30_000;

/**
 * Where this device stands: is there a network, and does the relay answer? The browser's `online` flag only
 * says a network interface is up; a tablet on hotel Wi-Fi behind a captive portal is "online" but cannot
 * sync, so the relay is asked too.
 */
class Connectivity {
  #browserOnline = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
  #relayReachable = $state<boolean | null>(null);
  #lastContact = $state<Date | null>(null);
  #timer: ReturnType<typeof setInterval> | undefined;
  #stopListening: (() => void) | undefined;

  get status(): ConnectionStatus {
    if (!this.#browserOnline) return 'offline';
    if (this.#relayReachable === false) return 'relay-unreachable';
    return 'online';
  }

  /** When the relay last answered, or null if it has not since the app started. */
  get lastContact(): Date | null {
    return this.#lastContact;
  }

  start(baseUrl = location.origin): void {
    if (this.#stopListening) return;
    const onOnline = () => {
      this.#browserOnline = true;
      void this.probe(baseUrl);
    };
    const onOffline = () => {
      this.#browserOnline = false;
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    this.#timer = setInterval(() => {
      if (this.#browserOnline) void this.probe(baseUrl);
    }, PROBE_INTERVAL_MS);
    this.#stopListening = () => {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      clearInterval(this.#timer);
    };
    void this.probe(baseUrl);
  }

  async probe(baseUrl = location.origin): Promise<void> {
    const result = await probeRelay(baseUrl);
    this.#relayReachable = result.reachable;
    if (result.reachable) this.#lastContact = new Date();
  }

  stop(): void {
    this.#stopListening?.();
    this.#stopListening = undefined;
  }

  reset(): void {
    this.stop();
    this.#browserOnline = true;
    this.#relayReachable = null;
    this.#lastContact = null;
  }
}

export const connectivity = new Connectivity();
