import type { Text } from '../../lib/i18n/text';
import type { ImportManyRequest, ImportReply, ImportRequest } from '../../lib/import/run';
import { text } from '../../lib/import/text';
import type { ImportStage } from '../../lib/import/types';

/** A failure the page itself noticed, in the worker's reply shape (English message, localisable text). */
function failed(code: string, why: Text): ImportReply {
  return { kind: 'failed', code, message: why.english, text: why };
}

/**
 * One import run in a fresh worker; `cancel()` terminates it (and with it any key derivation). Replies cross
 * postMessage by structured cloning: a failure's words travel as its Text (a plain object), never as an Error,
 * which would lose them.
 */
export function runInWorker(
  req: ImportRequest | ImportManyRequest,
  onProgress: (stage: ImportStage) => void,
): { result: Promise<ImportReply>; cancel(): void } {
  const worker = new Worker(new URL('./import-worker.ts', import.meta.url), { type: 'module' });
  let settle: (r: ImportReply) => void = () => {};
  const result = new Promise<ImportReply>((resolve) => {
    settle = resolve;
  });
  worker.onmessage = (event: MessageEvent<ImportReply>) => {
    const reply = event.data;
    if (reply.kind === 'progress') return onProgress(reply.stage);
    worker.terminate();
    settle(reply);
  };
  worker.onerror = (event) => {
    worker.terminate();
    settle(
      failed('damaged', event.message ? text('import_worker_failed', event.message) : text('import_worker_stopped')),
    );
  };
  worker.postMessage(req);
  return {
    result,
    cancel() {
      worker.terminate();
      settle(failed('cancelled', text('import_cancelled_short')));
    },
  };
}
