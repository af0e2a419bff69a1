/**
 * Locks the app after inactivity and when it was hidden for longer than a short grace period (a tablet put
 * down, a tab switched away from). Locking is the caller's `onLock`; this only decides when.
 */

/** Minutes of inactivity before the app locks, unless the relay's policy says otherwise. */
export const DEFAULT_AUTO_LOCK_MINUTES = 5;
/** The bounds an admin may choose the inactivity timeout from. */
export const AUTO_LOCK_MINUTES_RANGE = { min: 1, max: 30 } as const;
/** How long the app may be hidden (another app, another tab) before it locks. */
export const HIDDEN_GRACE_MS = 30_000;

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'input'] as const;
const CHANNEL = 'lotse-lock';

export interface AutoLockOptions {
  idleMs: number;
  hiddenGraceMs?: number;
  onLock: () => void;
  now?: () => number;
}

/** Clamps a timeout from the relay into the allowed range; anything unusable means the default. */
export function autoLockMs(minutes: unknown): number {
  const { min, max } = AUTO_LOCK_MINUTES_RANGE;
  const value = typeof minutes === 'number' && Number.isFinite(minutes) ? minutes : DEFAULT_AUTO_LOCK_MINUTES;
  return Math.min(max, Math.max(min, value)) * 60_000;
}

/**
 * Starts watching. Locking in one tab locks every tab of the app (they share the database and the person).
 * Returns a function that stops watching.
 */
export function startAutoLock(options: AutoLockOptions): () => void {
  const now = options.now ?? (() => Date.now());
  const grace = options.hiddenGraceMs ?? HIDDEN_GRACE_MS;
  let lastActivity = now();
  let hiddenSince: number | null = document.visibilityState === 'hidden' ? now() : null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let locked = false;
  const channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(CHANNEL);

  const lock = (tellOthers: boolean) => {
    if (locked) return;
    locked = true;
    if (tellOthers) channel?.postMessage('lock');
    stop();
    options.onLock();
  };

  const schedule = () => {
    clearTimeout(timer);
    if (locked) return;
    const idleLeft = lastActivity + options.idleMs - now();
    const hiddenLeft = hiddenSince === null ? Infinity : hiddenSince + grace - now();
    const left = Math.min(idleLeft, hiddenLeft);
    if (left <= 0) return lock(true);
    // Timers of hidden pages are throttled; the check on becoming visible catches up with them.
    timer = setTimeout(schedule, Math.min(left, 60_000));
  };

  const onActivity = () => {
    lastActivity = now();
  };
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') hiddenSince = now();
    else {
      // Back in view: first check whether it stayed away too long, then count from now.
      schedule();
      hiddenSince = null;
      if (!locked) lastActivity = now();
    }
    schedule();
  };
  const onMessage = (event: MessageEvent) => {
    if (event.data === 'lock') lock(false);
  };

  for (const name of ACTIVITY_EVENTS)
    document.addEventListener(name, onActivity, { passive: true, capture: true });
  document.addEventListener('visibilitychange', onVisibility);
  channel?.addEventListener('message', onMessage);
  schedule();

  function stop(): void {
    clearTimeout(timer);
    for (const name of ACTIVITY_EVENTS) document.removeEventListener(name, onActivity, { capture: true });
    document.removeEventListener('visibilitychange', onVisibility);
    channel?.removeEventListener('message', onMessage);
    channel?.close();
  }
  return stop;
}

/** Locks every open tab at once, as the person asked (the "Sperren" button). */
export function lockAllTabs(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage('lock');
  channel.close();
}
