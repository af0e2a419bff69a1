import type { ContactKind } from '../domain/vocabulary.ts';
import {
  readEntryHabits,
  saveEntryHabits,
  type ContactHabit,
  type StoredHabits,
} from '../storage/entry-habits-store.ts';
import type { DeviceStore } from './device-store.ts';

/**
 * The last duration and topics this person used per kind of contact, offered by the quick entry. Per
 * device and user, never in the case doc (it is a habit, not documentation). Stored sealed in the user's
 * database rather than only in memory, because locking reloads the page and a case manager locks many
 * times a day.
 */
class EntryHabitsState {
  #contacts = $state<Partial<Record<ContactKind, ContactHabit>>>({});
  #store: DeviceStore | undefined;
  #loading: Promise<void> | undefined;

  /** Reads what is stored for this store's user; later calls with the same store do nothing. */
  load(store: DeviceStore | undefined): Promise<void> {
    if (!store || store === this.#store) return this.#loading ?? Promise.resolve();
    this.#store = store;
    this.#contacts = {};
    this.#loading = readEntryHabits(store.db, store.codec, store.user.id).then((stored) => {
      if (stored && this.#store === store) this.#contacts = stored.contacts;
    });
    return this.#loading;
  }

  contact(kind: ContactKind): ContactHabit | undefined {
    return this.#contacts[kind];
  }

  /** Remembers what was just saved for this kind of contact. */
  async rememberContact(kind: ContactKind, habit: ContactHabit): Promise<void> {
    this.#contacts = { ...this.#contacts, [kind]: habit };
    const store = this.#store;
    if (!store) return;
    const value: StoredHabits = { contacts: this.#contacts };
    try {
      await saveEntryHabits(store.db, store.codec, store.user.id, $state.snapshot(value) as StoredHabits);
    } catch (error) {
      // Only a convenience: the next quick entry just offers nothing.
      console.error('Storing the last used contact details failed', error);
    }
  }

  reset(): void {
    this.#contacts = {};
    this.#store = undefined;
    this.#loading = undefined;
  }
}

export const entryHabits = new EntryHabitsState();
