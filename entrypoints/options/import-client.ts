import type { ImportReply, ImportRequest } from '../../lib/import/run';
import type { ImportStage } from '../../lib/import/types';

/** One import run in a fresh worker; `cancel()` terminates it (and with it any key derivation). */
export function runInWorker(
  req: ImportRequest,
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
    settle({
      kind: 'failed',
      code: 'damaged',
      message: `Reading the file failed: ${event.message || 'the worker stopped'}.`,
    });
  };
  worker.postMessage(req);
  return {
    result,
    cancel() {
      worker.terminate();
      settle({ kind: 'failed', code: 'cancelled', message: 'Cancelled.' });
    },
  };
}
