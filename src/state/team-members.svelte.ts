import type { TeamMember, TeamMembers, TeamMembersAnswer } from '../protocol/team-members.ts';
import { readTeamMembers, saveTeamMembers, type StoredTeamMembers } from '../storage/team-members-store.ts';
import { fetchTeamMembers, type ApiResult } from './admin-api.ts';
import { connectivity } from './connectivity.svelte.ts';
import type { DeviceStore } from './device-store.ts';
import { locale } from './locale.svelte.ts';
import { sessionApiOptions } from './relay-api.ts';
import { session } from './session.svelte.ts';

export type { TeamMember };

/** How the names are asked for; replaced in tests. */
export type TeamMembersSource = () => Promise<ApiResult<TeamMembersAnswer>>;

/** The relay is asked again at most this often (a reconnect storm must not become a request storm). */
export const REFRESH_INTERVAL_MS = 60_000;

const UNKNOWN = { de: 'Unbekannt', en: 'Unknown' } as const;

/** What user ids are made of (UUIDs, test ids such as `u-1`); a name has other characters. */
const ID_CHARACTERS = /^[A-Za-z0-9._:-]+$/;

/**
 * Merges a fresh answer into what was known: the answer replaces a team's list, and people who were known in
 * that team but are no longer in it stay, marked inactive, so entries they wrote keep their author's name.
 * Teams the person no longer belongs to are dropped (their cases leave the device too).
 */
export function mergeTeamMembers(
  known: readonly TeamMembers[],
  fresh: readonly TeamMembers[],
): TeamMembers[] {
  return fresh.map((team) => {
    const previous = known.find((candidate) => candidate.id === team.id)?.members ?? [];
    const current = team.members.map((member) => member.id);
    const departed = previous
      .filter((member) => !current.includes(member.id))
      .map((member) => ({ ...member, active: false }));
    return { id: team.id, members: [...team.members, ...departed] };
  });
}

/** Every known person by id; someone active in one team and departed from another counts as active. */
function indexById(teams: readonly TeamMembers[]): ReadonlyMap<string, TeamMember> {
  const byId = Object.create(null) as Record<string, TeamMember>;
  for (const team of teams) {
    for (const member of team.members) {
      const seen = byId[member.id];
      if (!seen || (!seen.active && member.active)) byId[member.id] = member;
    }
  }
  return new Map(Object.entries(byId));
}

/**
 * Who is who in the signed-in person's teams: id → display name, role and whether they are active. The last
 * answer of the relay is kept on the device, sealed with the rest of its data, so names show offline;
 * `refresh` asks again when the device is online.
 */
class TeamMembersState {
  #teams = $state.raw<TeamMembers[]>([]);
  #fetchedAt = $state<number | null>(null);
  #store: DeviceStore | undefined;
  #source: TeamMembersSource | undefined;
  #refreshing: Promise<void> | undefined;
  #lastAttempt = 0;
  #stops: (() => void)[] = [];

  readonly #byId = $derived(indexById(this.#teams));

  /** When the relay last answered, or null when the names come from nowhere yet. */
  get fetchedAt(): number | null {
    return this.#fetchedAt;
  }

  /** Reads the stored names and asks the relay for fresh ones (when online), without waiting for it. */
  async init(store: DeviceStore, options: { source?: TeamMembersSource } = {}): Promise<void> {
    this.#store = store;
    this.#source = options.source ?? (() => fetchTeamMembers(sessionApiOptions()));
    const stored = await readTeamMembers(store.db, store.codec, store.user.id);
    if (stored) this.#apply(stored);
    // Asked again when the connection returns (the network, or the relay behind a captive portal).
    this.#stops.push(
      $effect.root(() => {
        let wasOnline = connectivity.status === 'online';
        $effect(() => {
          const online = connectivity.status === 'online';
          if (online && !wasOnline) void this.refresh();
          wasOnline = online;
        });
      }),
    );
    this.#stops.push(
      session.subscribe((event) => {
        if (event.kind === 'login') void this.refresh({ force: true });
      }),
    );
    void this.refresh({ force: true });
  }

  /**
   * Asks the relay for the members of the person's teams and stores the answer, only while the device is
   * online (`connectivity`). Quietly keeps what is known when the relay is out of reach or refuses: names are
   * a convenience, never a reason to fail a screen.
   */
  refresh({ force = false }: { force?: boolean } = {}): Promise<void> {
    if (!this.#store || !this.#source) return Promise.resolve();
    // Offline, a request could only fail (and show as a failed request); the names known stay.
    if (connectivity.status !== 'online') return Promise.resolve();
    if (!force && Date.now() - this.#lastAttempt < REFRESH_INTERVAL_MS)
      return this.#refreshing ?? Promise.resolve();
    this.#refreshing ??= this.#fetch().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #fetch(): Promise<void> {
    const store = this.#store;
    const source = this.#source;
    if (!store || !source) return;
    this.#lastAttempt = Date.now();
    let result: ApiResult<TeamMembersAnswer>;
    try {
      result = await source();
    } catch (error) {
      // No relay to ask here (no page origin, say): what is known stays.
      console.warn('Asking the relay for the team members failed', error);
      return;
    }
    if (!result.ok || this.#store !== store) return;
    const next: StoredTeamMembers = {
      teams: mergeTeamMembers(this.#teams, result.value.teams),
      fetchedAt: Date.now(),
    };
    this.#apply(next);
    try {
      await saveTeamMembers(store.db, store.codec, store.user.id, next);
    } catch (error) {
      // Shown for now and asked for again at the next start.
      console.error('Storing the team members failed', error);
    }
  }

  #apply(value: StoredTeamMembers): void {
    this.#teams = value.teams;
    this.#fetchedAt = value.fetchedAt;
  }

  /** The person with this id, if known. */
  member(userId: string): TeamMember | undefined {
    const known = this.#byId.get(userId);
    if (known) return known;
    const user = session.user;
    if (user && user.id === userId) {
      return { id: user.id, displayName: user.displayName, role: user.role, active: true };
    }
    return undefined;
  }

  /**
   * The display name of a user id; a neutral "Unbekannt (…)" naming the id when nobody by it is known.
   * Changes are recorded with the writer's user id (`WriteOptions.actor`); versions before that recorded the
   * display name, so a value that is a known member's name, or cannot be an id (it has spaces or other
   * letters), is shown as it is.
   */
  nameOf(userId: string): string {
    const name = this.member(userId)?.displayName.trim();
    if (name) return name;
    if (!ID_CHARACTERS.test(userId) || this.#isKnownName(userId)) return userId;
    const shortId = userId.length > 12 ? `${userId.slice(0, 8)}…` : userId;
    return `${UNKNOWN[locale.current]} (${shortId})`;
  }

  #isKnownName(value: string): boolean {
    if (session.user?.displayName === value) return true;
    return this.#teams.some((team) => team.members.some((member) => member.displayName === value));
  }

  /** The members of a team, active ones first, each group by name; departed and disabled ones included. */
  members(teamId: string): TeamMember[] {
    const team = this.#teams.find((candidate) => candidate.id === teamId);
    const list = team ? [...team.members] : [];
    const user = session.user;
    if (list.length === 0 && user && session.teamIds.includes(teamId)) {
      list.push({ id: user.id, displayName: user.displayName, role: user.role, active: true });
    }
    return list.sort(
      (a, b) => Number(b.active) - Number(a.active) || a.displayName.localeCompare(b.displayName, 'de'),
    );
  }

  reset(): void {
    for (const stop of this.#stops.splice(0)) stop();
    this.#teams = [];
    this.#fetchedAt = null;
    this.#store = undefined;
    this.#source = undefined;
    this.#refreshing = undefined;
    this.#lastAttempt = 0;
  }
}

export const teamMembers = new TeamMembersState();
