import { deriveRestoreKey, type RestoreKeyRequest } from '../../lib/backup/restore-key';

// A dedicated worker for a backup's scrypt: the options page stays responsive, and the service worker never
// derives (docs/backup-format.md "Where the key is derived"). The page terminates the worker to cancel.
self.onmessage = (event: MessageEvent<RestoreKeyRequest>) => {
  void deriveRestoreKey(event.data).then((reply) => self.postMessage(reply));
};
