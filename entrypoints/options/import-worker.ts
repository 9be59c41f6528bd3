import { type ImportManyRequest, type ImportRequest, runImport, runImportMany } from '../../lib/import/run';

// A dedicated worker: key derivations of up to 1 GiB (Ente's Argon2id) run here, never on the page's
// UI thread. The page terminates the worker to cancel. One file, or several files and pictures together.
self.onmessage = (event: MessageEvent<ImportRequest | ImportManyRequest>) => {
  const req = event.data;
  const report = (reply: Parameters<Parameters<typeof runImport>[1]>[0]) => self.postMessage(reply);
  void ('files' in req ? runImportMany(req, report) : runImport(req, report));
};
