import { type ImportRequest, runImport } from '../../lib/import/run';
import { extensionSqliteLoader } from '../../platform/sqlite-loader';

// A dedicated worker: key derivations of up to 1 GiB (Ente's Argon2id) run here, never on the page's
// UI thread. The page terminates the worker to cancel. App databases are read with sql.js, loaded only for them.
self.onmessage = (event: MessageEvent<ImportRequest>) => {
  void runImport(event.data, (reply) => self.postMessage(reply), { sqlite: extensionSqliteLoader });
};
