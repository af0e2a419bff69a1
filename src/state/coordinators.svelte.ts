import type { Coordinator, CoordinatorList } from '../protocol/admin.ts';
import {
  changeCoordinatorTeam,
  fetchCoordinators,
  type ApiFailure,
  type ApiResult,
  type RelayApiOptions,
} from './admin-api.ts';
import { sessionApiOptions } from './relay-api.ts';

export type CoordinatorsStatus = 'idle' | 'loading' | 'ready' | 'failed';

/**
 * Who coordinates which teams, for admins in Verwaltung: the coordination accounts with their teams, every
 * team, and adding or removing one. It needs the network and is never stored.
 */
class CoordinatorsState {
  #api: () => RelayApiOptions = sessionApiOptions;
  #list = $state.raw<CoordinatorList>({ coordinators: [], teams: [] });
  #status = $state<CoordinatorsStatus>('idle');
  #error = $state<ApiFailure | null>(null);
  #generation = 0;

  get coordinators(): Coordinator[] {
    return this.#list.coordinators;
  }

  get teams(): CoordinatorList['teams'] {
    return this.#list.teams;
  }

  get status(): CoordinatorsStatus {
    return this.#status;
  }

  get error(): ApiFailure | null {
    return this.#error;
  }

  async load(): Promise<void> {
    const generation = ++this.#generation;
    this.#status = 'loading';
    this.#error = null;
    const result = await fetchCoordinators(this.#api());
    if (generation !== this.#generation) return;
    if (result.ok) {
      this.#list = result.value;
      this.#status = 'ready';
    } else {
      this.#status = 'failed';
      this.#error = result.error;
    }
  }

  /** Adds a team to a coordinator's teams or removes it at the relay; shows the coordinator as answered. */
  async change(userId: string, teamId: string, action: 'add' | 'remove'): Promise<ApiResult<Coordinator>> {
    const result = await changeCoordinatorTeam(this.#api(), userId, teamId, action);
    if (result.ok) {
      const changed = result.value;
      this.#list = {
        ...this.#list,
        coordinators: this.#list.coordinators.map((coordinator) =>
          coordinator.userId === changed.userId ? changed : coordinator,
        ),
      };
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
    this.#list = { coordinators: [], teams: [] };
    this.#status = 'idle';
    this.#error = null;
  }
}

export const coordinators = new CoordinatorsState();
