import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  autoLockMs,
  DEFAULT_AUTO_LOCK_MINUTES,
  HIDDEN_GRACE_MS,
  lockAllTabs,
  startAutoLock,
} from '../../../src/state/auto-lock.ts';

/** Just enough of `document` for the auto-lock: events, and whether the page is visible. */
class FakeDocument extends EventTarget {
  visibilityState: 'visible' | 'hidden' = 'visible';

  hide(): void {
    this.visibilityState = 'hidden';
    this.dispatchEvent(new Event('visibilitychange'));
  }

  show(): void {
    this.visibilityState = 'visible';
    this.dispatchEvent(new Event('visibilitychange'));
  }

  touch(): void {
    this.dispatchEvent(new Event('pointerdown'));
  }
}

const MINUTE = 60_000;
let fakeDocument: FakeDocument;
let stops: (() => void)[] = [];

beforeEach(() => {
  vi.useFakeTimers();
  fakeDocument = new FakeDocument();
  vi.stubGlobal('document', fakeDocument);
});

afterEach(() => {
  for (const stop of stops) stop();
  stops = [];
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

function watch(idleMs = 5 * MINUTE) {
  const onLock = vi.fn();
  stops.push(startAutoLock({ idleMs, onLock }));
  return onLock;
}

describe('the auto-lock', () => {
  it('locks after the idle time without activity, and activity starts the count again', () => {
    const onLock = watch();
    vi.advanceTimersByTime(4 * MINUTE);
    fakeDocument.touch();
    vi.advanceTimersByTime(4 * MINUTE);
    expect(onLock).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1 * MINUTE + 1_000);
    expect(onLock).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(30 * MINUTE);
    expect(onLock).toHaveBeenCalledTimes(1);
  });

  it('locks when hidden for longer than the grace period, not for a quick glance elsewhere', () => {
    const onLock = watch();
    fakeDocument.hide();
    vi.advanceTimersByTime(HIDDEN_GRACE_MS / 2);
    fakeDocument.show();
    expect(onLock).not.toHaveBeenCalled();

    fakeDocument.hide();
    vi.advanceTimersByTime(HIDDEN_GRACE_MS + 1_000);
    expect(onLock).toHaveBeenCalledTimes(1);
  });

  it('locks on becoming visible when hidden timers were held back past the grace period', () => {
    const onLock = watch();
    fakeDocument.hide();
    // A throttled page's timers may not fire; the clock moves on regardless.
    vi.setSystemTime(Date.now() + 10 * MINUTE);
    fakeDocument.show();
    expect(onLock).toHaveBeenCalledTimes(1);
  });

  it('locks every tab when one of them locks', () => {
    const onLock = watch();
    lockAllTabs();
    return vi.waitFor(() => expect(onLock).toHaveBeenCalledTimes(1));
  });

  it('takes the timeout from the relay within 1 to 30 minutes, else the default', () => {
    expect(autoLockMs(undefined)).toBe(DEFAULT_AUTO_LOCK_MINUTES * MINUTE);
    expect(autoLockMs('10')).toBe(DEFAULT_AUTO_LOCK_MINUTES * MINUTE);
    expect(autoLockMs(10)).toBe(10 * MINUTE);
    expect(autoLockMs(0)).toBe(1 * MINUTE);
    expect(autoLockMs(600)).toBe(30 * MINUTE);
  });
});
