import type { Logger } from 'pino';
import type { AuditTrail } from './audit/audit-trail.ts';
import type { AccessEvents } from './auth/access-events.ts';
import type { TokenService } from './auth/tokens.ts';
import type { RelayConfig } from './config.ts';
import type { RelayStore } from './storage/contract.ts';

/**
 * What the relay's HTTP routes and socket handlers share. The composition root (./server.ts) builds it;
 * routes and sockets import this type from here, never from the root, so no module depends on the one that
 * wires it up.
 */
export interface RelayContext {
  readonly config: RelayConfig;
  readonly log: Logger;
  readonly store: RelayStore;
  readonly tokens: TokenService;
  /** The audit log's buffered writer (./audit/audit-trail.ts). */
  readonly audit: AuditTrail;
  /** Where access changes are published, so that the sockets they concern close (./auth/access-events.ts). */
  readonly access: AccessEvents;
  isShuttingDown(): boolean;
  /** Whether the relay lost its database and is waiting for it (./database-availability.ts). */
  isDatabaseLost(): boolean;
}
