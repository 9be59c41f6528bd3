import type { Request, RequestType, ResponseMap, SenderInfo } from '../../lib/messaging/protocol';
import { setTabBadge } from '../../platform/action-badge';
import type { TabStatus } from './tab-status';

type Handlers = { [K in RequestType]: (req: Request<K>, sender: SenderInfo) => Promise<ResponseMap[K]> };

/** One handler per protocol message; each composes lib/ and platform/ and nothing else. */
export function createHandlers(status: TabStatus): Handlers {
  return {
    'otp-fields-seen': async (req, sender) => {
      // The tab comes from the browser's sender record, never from the message.
      const tabId = sender.tabId as number;
      const total = status.record(tabId, sender.frameId ?? 0, req.count);
      if (total > 0) await setTabBadge(tabId, '•', 'Twofold: a code field is on this page');
      return { ok: true };
    },
    'tab-status': async (req) => ({ otpFields: status.otpFields(req.tabId) }),
  };
}
