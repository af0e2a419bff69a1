import type { Logger } from 'pino';
import type { AccessEvents } from '../auth/access-events.ts';
import type { RelayStore } from '../storage/contract.ts';
import { servedLogs } from '../sync/served-logs.ts';
import type { SocketRegistry } from './socket-registry.ts';

/**
 * Checks, every `intervalMs`, the users, devices and memberships behind the open sync sockets against the
 * store, and publishes what changed to `events`: a revoked device, a disabled (or deleted) user, a team
 * the user left. It carries changes that no one published on this relay — the admin CLI writes to the
 * database from its own process — to the sockets; those made through this relay close them at once.
 *
 * It costs a few indexed lookups per connected user and device per interval, nothing per frame.
 */
export function startAccessSweep(
  store: RelayStore,
  log: Logger,
  events: AccessEvents,
  registry: SocketRegistry,
  intervalMs: number,
): { stop(): void; sweep(): Promise<void> } {
  let running: Promise<void> | undefined;
  const check = async (): Promise<void> => {
    for (const { userId, deviceIds, teamIds } of registry.accessInUse()) {
      const user = await store.userById(userId);
      if (!user || user.disabled) {
        events.publish({ kind: 'user-disabled', userId });
        continue;
      }
      // What the user's role is served now: for coordination the coordination log, not their teams, so a
      // role taken away closes that socket too.
      const teams = servedLogs({
        role: user.role,
        teamIds: new Set((await store.teamsOf(userId)).map((team) => team.id)),
      });
      for (const teamId of teamIds) {
        if (!teams.has(teamId)) events.publish({ kind: 'membership-removed', userId, teamId });
      }
      for (const deviceId of deviceIds) {
        const device = await store.deviceById(deviceId);
        if (!device || device.revokedAt !== null) events.publish({ kind: 'device-revoked', deviceId });
      }
    }
  };
  /** One sweep at a time: a slow store makes sweeps rarer, never pile up. */
  const sweep = (): Promise<void> => {
    running ??= check()
      .catch((error: unknown) => log.error({ err: error }, 'checking the access of open sockets failed'))
      .finally(() => (running = undefined));
    return running;
  };
  const timer = setInterval(() => void sweep(), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer), sweep };
}
