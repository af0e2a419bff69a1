import type { z } from 'zod';

/**
 * Small choices a person makes on this device (which cases "Heute" shows, a notice they dismissed), kept
 * in localStorage under `lotse.<key>`. They are no case data and need no encryption, but what comes back is
 * validated like any stored value: a value written by another app version, or edited by hand, yields the
 * fallback instead of breaking a screen.
 */
export function readDevicePref<T>(key: string, schema: z.ZodType<T>, fallback: T): T {
  try {
    const raw = globalThis.localStorage?.getItem(`lotse.${key}`);
    if (raw === null || raw === undefined) return fallback;
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : fallback;
  } catch {
    // Storage blocked by browser policy, or not JSON.
    return fallback;
  }
}

export function writeDevicePref(key: string, value: unknown): void {
  try {
    globalThis.localStorage?.setItem(`lotse.${key}`, JSON.stringify(value));
  } catch {
    // Storage blocked or full: the choice then lasts for this session only.
  }
}
