export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const STORAGE_KEY = 'lotse.locale';

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function storedLocale(): Locale {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLocale(value) ? value : 'de';
  } catch {
    // Storage can be blocked by browser policy; German is the default then.
    return 'de';
  }
}

/** The UI language on this device. German unless a person chose otherwise. */
class LocaleState {
  #current = $state<Locale>(storedLocale());

  get current(): Locale {
    return this.#current;
  }

  set(next: Locale): void {
    this.#current = next;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, next);
    } catch {
      // The choice then lasts for this session only.
    }
    if (typeof document !== 'undefined') document.documentElement.lang = next;
  }

  reset(): void {
    this.#current = 'de';
  }
}

export const locale = new LocaleState();
