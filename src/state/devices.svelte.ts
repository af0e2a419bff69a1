import type { DeviceInfo } from '../protocol/admin.ts';
import {
  fetchDevices,
  revokeDevice,
  type ApiFailure,
  type ApiResult,
  type DeviceScope,
  type RelayApiOptions,
} from './admin-api.ts';
import { sessionApiOptions } from './relay-api.ts';

export type DeviceListStatus = 'idle' | 'loading' | 'ready' | 'failed';

/**
 * A list of devices from the relay, and revoking one: every device for admins ("Verwaltung"), or the
 * person's own ("Meine Geräte" in Einstellungen). The list needs the network; it is never stored.
 */
class DeviceListState {
  readonly scope: DeviceScope;
  #api: () => RelayApiOptions = sessionApiOptions;
  #devices = $state.raw<DeviceInfo[]>([]);
  #status = $state<DeviceListStatus>('idle');
  #error = $state<ApiFailure | null>(null);
  #generation = 0;

  constructor(scope: DeviceScope) {
    this.scope = scope;
  }

  get devices(): DeviceInfo[] {
    return this.#devices;
  }

  get status(): DeviceListStatus {
    return this.#status;
  }

  get error(): ApiFailure | null {
    return this.#error;
  }

  /** The device's name, where the list knows it (for the audit log's "Gerät" column). */
  nameOf(deviceId: string): string | undefined {
    return this.#devices.find((device) => device.id === deviceId)?.name;
  }

  /** The login of a person with a device in the list, for audit events that name only the user id. */
  loginOf(userId: string): string | undefined {
    return this.#devices.find((device) => device.userId === userId)?.login;
  }

  /** Logins and user ids of everyone with a device in the list. */
  get usersByLogin(): ReadonlyMap<string, string> {
    return new Map(this.#devices.map((device) => [device.login, device.userId]));
  }

  async load(): Promise<void> {
    const generation = ++this.#generation;
    this.#status = 'loading';
    this.#error = null;
    const result = await fetchDevices(this.#api(), this.scope);
    if (generation !== this.#generation) return;
    if (result.ok) {
      this.#devices = result.value;
      this.#status = 'ready';
    } else {
      this.#status = 'failed';
      this.#error = result.error;
    }
  }

  /** Revokes a device at the relay and shows it as revoked; the answer says whether it worked. */
  async revoke(id: string): Promise<ApiResult<DeviceInfo>> {
    const result = await revokeDevice(this.#api(), this.scope, id);
    if (result.ok) {
      const revoked = result.value;
      this.#devices = this.#devices.map((device) =>
        // The own list marks the current device; the revoke answer says the same for the same request.
        device.id === revoked.id ? { ...revoked, current: device.current } : device,
      );
    }
    return result;
  }

  /** For tests: calls the relay with `api` instead of the session's. */
  useApi(api: () => RelayApiOptions): void {
    this.#api = api;
  }

  reset(): void {
    this.#generation += 1;
    this.#api = sessionApiOptions;
    this.#devices = [];
    this.#status = 'idle';
    this.#error = null;
  }
}

/** Every device, for admins. */
export const allDevices = new DeviceListState('all');
/** The signed-in person's own devices. */
export const ownDevices = new DeviceListState('own');
