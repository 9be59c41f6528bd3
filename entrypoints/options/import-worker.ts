import { type ImportManyRequest, type ImportRequest, runImport, runImportMany } from '../../lib/import/run';
import { toPixels } from '../../platform/image-pixels';
import { qrReaderAt } from '../../platform/qr-decoder-at';
import { extensionSqliteLoader } from '../../platform/sqlite-loader';

// A dedicated worker: key derivations of up to 1 GiB (Ente's Argon2id) run here, never on the page's
// UI thread. The page terminates the worker to cancel. One file, or several files and pictures together; pictures
// are decoded here too, away from the page and from any extension API.
self.onmessage = (event: MessageEvent<ImportRequest | ImportManyRequest>) => {
  const req = event.data;
  const report = (reply: Parameters<Parameters<typeof runImport>[1]>[0]) => self.postMessage(reply);
  // App databases are read with sql.js, loaded only for them.
  const deps = { sqlite: extensionSqliteLoader };
  if (!('files' in req)) return void runImport(req, report, deps);
  const decoder = req.wasmUrl ? { read: qrReaderAt(req.wasmUrl), toPixels: (b: Uint8Array) => toPixels(b) } : undefined;
  void runImportMany(req, report, decoder, deps);
};
