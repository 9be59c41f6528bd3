import { defineBackground } from '#imports';
import { acceptRequest, type Request, type RequestType } from '../../lib/messaging/protocol';
import { extensionIdentity, listenForRequests } from '../../platform/runtime-messaging';
import { onTabReset } from '../../platform/tabs';
import { createHandlers } from './handlers';
import { TabStatus } from './tab-status';

export default defineBackground(() => {
  const status = new TabStatus();
  const handlers = createHandlers(status);
  const self = extensionIdentity();
  onTabReset((tabId) => status.forget(tabId));
  listenForRequests(async (raw, sender) => {
    const { request } = acceptRequest(raw, sender, self.id, self.origin);
    const handler = handlers[request.type] as (r: Request<RequestType>, s: typeof sender) => Promise<unknown>;
    return handler(request, sender);
  });
});
