import type { ErasedOnDevice, ErasureNotice } from '../storage/erasures.ts';
import { cases } from './cases.svelte.ts';
import { router, ROUTES } from './router.svelte.ts';

export type { ErasureNotice };

/**
 * Cases the relay erased, as the screens see them (docs/architecture.md#data-lifecycle): they leave the
 * list and close if open (the screen goes back to the list), and the person is told once, with the
 * Aktenzeichen and the unsynced changes dropped, until they dismiss the notice. The notices are stored, so a
 * device that erased cases while nobody looked says so at the next start.
 */
class ErasureNotices {
  #notices = $state.raw<ErasureNotice[]>([]);

  get notices(): ErasureNotice[] {
    return this.#notices;
  }

  /** Reads the stored notices again. */
  async refresh(): Promise<void> {
    const store = cases.store;
    try {
      this.#notices = store ? await store.docs.erasures.notices() : [];
    } catch (error) {
      console.error('Reading the notices of erased cases failed', error);
    }
  }

  /** The sync engine (in this tab or another) erased these docs from the device. */
  applied(erased: readonly ErasedOnDevice[]): void {
    const ids = erased.map((entry) => entry.docId);
    const route = router.route;
    if (route.id === 'case' && route.params.caseId !== undefined && ids.includes(route.params.caseId)) {
      router.navigate(ROUTES.cases, { replace: true });
    }
    cases.forget(ids);
    void this.refresh();
  }

  /** The person has read the notices shown: they are not shown again, and their Aktenzeichen is forgotten. */
  async dismiss(): Promise<void> {
    const ids = this.#notices.map((notice) => notice.docId);
    this.#notices = [];
    await cases.store?.docs.erasures.dismiss(ids);
  }
}

export const erasureNotices = new ErasureNotices();
