import { afterEach, beforeEach } from 'vitest';
import type { RelayConfig } from '../../../../sync-server/src/config.ts';
import { startTestRelay, type TestRelay } from '../../../support/relay.ts';
import { DeviceClient } from './device-client.ts';
import { seedWorld, tokenFor, type Person } from './world.ts';

export interface SyncFixture {
  readonly relay: TestRelay;
  /** Opens a device socket for `person` and says hello with `cursors`. */
  connect(person: Person, cursors?: Record<string, number>): Promise<DeviceClient>;
  token(person: Person, now?: number): Promise<string>;
  /** Keeps a client to be closed after the test. */
  track(client: DeviceClient): DeviceClient;
}

/**
 * A fresh relay with the sync world seeded for each test, and every device socket the test opened closed
 * afterwards.
 */
export function useSyncRelay(overrides: Partial<RelayConfig> = {}): SyncFixture {
  let relay: TestRelay | undefined;
  const clients: DeviceClient[] = [];
  beforeEach(async () => {
    relay = await startTestRelay(overrides);
    await seedWorld(relay.store);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => (client.isOpen ? client.close() : undefined)));
    await relay?.close();
    relay = undefined;
  });
  const fixture: SyncFixture = {
    get relay() {
      if (!relay) throw new Error('the relay is not running');
      return relay;
    },
    token: (person, now) => tokenFor(fixture.relay.tokens, person, now),
    async connect(person, cursors = {}) {
      return fixture.track(
        await DeviceClient.connect(fixture.relay.url, await fixture.token(person), cursors),
      );
    },
    track(client) {
      clients.push(client);
      return client;
    },
  };
  return fixture;
}
