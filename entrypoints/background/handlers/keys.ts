import { type HandlersFor, ok } from '../../../lib/messaging/define';
import type { keyRequests } from '../../../lib/messaging/requests/keys';
import type { HardwareKeys } from '../keys';

/** Hardware keys: entrypoints/background/keys.ts does the work, one command per key at a time. */
export function keyHandlers(keys: HardwareKeys): HandlersFor<typeof keyRequests> {
  return {
    'keys-list': () => keys.list(),
    'keys-changed': async () => {
      await keys.paired();
      return ok;
    },
    'key-code': (req) => keys.code(req),
    'key-unlock': (req) => keys.unlock(req),
    'key-set-clock': (req) => keys.setClock(req),
    'key-bind': (req) => keys.bind(req),
    'key-write': (req) => keys.write(req),
    'key-erase': (req) => keys.erase(req),
  };
}
