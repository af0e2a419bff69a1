import { barrierReports } from '../../state/barrier-reports.svelte.ts';
import { connectivity } from '../../state/connectivity.svelte.ts';
import { session } from '../../state/session.svelte.ts';
import { themen } from '../../state/themen.svelte.ts';

/**
 * Shows the reported barriers kept on the device as soon as the Themen are open, and asks the relay for
 * the current ones once the session's tokens are readable and the device is online; again whenever it
 * comes back online. Answers the function that stops watching.
 */
export function loadReportsWhenReady(): () => void {
  let asked = false;
  let wasOffline = false;
  return $effect.root(() => {
    $effect(() => {
      if (themen.status !== 'ready' || asked) return;
      if (!(session.hasTokens || session.status === 'expired')) return;
      asked = true;
      void barrierReports.load({ offline: connectivity.status === 'offline' });
    });
    $effect(() => {
      const offline = connectivity.status === 'offline';
      if (wasOffline && !offline && asked) void barrierReports.refresh();
      wasOffline = offline;
    });
  });
}
