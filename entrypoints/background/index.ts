import { defineBackground } from '#imports';
import { acceptRequest, type Request, type RequestType } from '../../lib/messaging/protocol';
import { VaultSession } from '../../lib/vault/session';
import { everyMinute } from '../../platform/alarms';
import { editableMenuEntry, onCommand, sendToTab } from '../../platform/commands';
import { realEffects } from '../../platform/effects';
import { openIdbVaultStore } from '../../platform/idb-vault-store';
import { extensionIdentity, listenForRequests } from '../../platform/runtime-messaging';
import { openSessionStore } from '../../platform/session-storage';
import { onTabReset } from '../../platform/tabs';
import { createHandlers } from './handlers';
import { TabStatus } from './tab-status';

export default defineBackground(() => {
  const status = new TabStatus();
  const self = extensionIdentity();
  const ready = (async () => {
    const session = new VaultSession(await openIdbVaultStore(), await openSessionStore(), realEffects);
    return { session, handlers: createHandlers(status, session) };
  })();
  onTabReset((tabId) => status.forget(tabId));
  // The shortcut fills the best match in whichever frame holds the code field; the context-menu entry
  // fills the field that was right-clicked, in the frame it belongs to.
  onCommand('fill-code', (tabId) => void sendToTab(tabId, { type: 'fill-best' }));
  editableMenuEntry('fill-code-here', 'Fill two-factor code', (tabId, frameId) => void sendToTab(tabId, { type: 'fill-here' }, frameId));
  everyMinute('auto-lock', () => void ready.then(({ session }) => session.lockIfIdle()));
  // Listeners are registered synchronously (MV3 wakes the worker for them); the work waits for `ready`.
  listenForRequests(async (raw, sender) => {
    const { request, from } = acceptRequest(raw, sender, self.id, self.origin);
    const { session, handlers } = await ready;
    if (from === 'extension-page') {
      // A request after the idle time finds the vault locked even if the alarm did not fire yet.
      await session.lockIfIdle();
      if (request.type !== 'vault-state') await session.touch();
    }
    const handler = handlers[request.type] as (r: Request<RequestType>, s: typeof sender) => Promise<unknown>;
    return handler(request, sender);
  });
});
