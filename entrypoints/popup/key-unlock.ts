import type { KeyUnlock } from '../../components/UnlockView';
import { sendRequest } from '../../platform/runtime-messaging';
import { getPrfOutput, prfAvailability } from '../../platform/webauthn';
import { openExtensionWindow } from '../../platform/windows';
import { targetTabId } from './target-tab';

/** The hash of popup.html opened as a window for the touch: the key button has the focus there. */
export const KEY_WINDOW_HASH = '#unlock-key';

/** The credentials that can unlock (`vault-prf-credentials`, answered while locked); none where PRF cannot run. */
async function credentials() {
  if (prfAvailability() !== 'available') return [];
  return (await sendRequest({ type: 'vault-prf-credentials' })).credentials;
}

/**
 * The unlock screen's "Unlock with your security key or passkey" for one page: the touch and `vault-unlock-prf`,
 * then `after` (the page loads what it shows). In the toolbar popup the click opens popup.html as a window instead
 * and closes the popup: the browser's WebAuthn dialog takes the focus, which closes a toolbar popup and with it the
 * ceremony (README "Unlock with a passkey or security key", bitwarden/clients#19217 and #20454: unlocking with a
 * passkey from Chrome's toolbar popup fails on Linux unless the popup is popped out into a window).
 */
export function keyUnlockFor(after: () => Promise<void>, options: { toolbarPopup?: boolean } = {}): KeyUnlock {
  return {
    count: async () => (await credentials()).length,
    opensWindow: options.toolbarPopup === true,
    focusKey: location.hash === KEY_WINDOW_HASH,
    async unlock() {
      if (options.toolbarPopup) {
        // The window acts on the tab the popup was opened for (fill, scan, tab status), as the scan window does
        // (entrypoints/background/enrol.ts `?tab=`); without it targetTabId() there is the window's own tab.
        const tabId = await targetTabId();
        await openExtensionWindow(`popup.html${tabId === undefined ? '' : `?tab=${tabId}`}${KEY_WINDOW_HASH}`);
        window.close();
        return;
      }
      const list = await credentials();
      await getPrfOutput(
        list.map((c) => ({ credentialId: c.credentialId, prfSalt: c.prfSalt })),
        async (answer) => void (await sendRequest({ type: 'vault-unlock-prf', ...answer })),
      );
      await after();
    },
  };
}
