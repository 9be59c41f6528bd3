import type { RestoreKeyReply } from '../../lib/backup/restore-key';
import { TwofoldError } from '../../lib/errors';
import { text } from '../../lib/import/text';

/** Derives a backup's key in a fresh worker; resolves to the key (base64) or throws the file's own TwofoldError. */
export async function deriveKeyInWorker(file: string, password: string): Promise<string> {
  const worker = new Worker(new URL('./restore-worker.ts', import.meta.url), { type: 'module' });
  const reply = await new Promise<RestoreKeyReply>((resolve) => {
    worker.onmessage = (event: MessageEvent<RestoreKeyReply>) => resolve(event.data);
    worker.onerror = (event) => {
      const why = event.message ? text('import_worker_failed', event.message) : text('import_worker_stopped');
      resolve({ kind: 'failed', code: 'damaged', message: why.english, text: why });
    };
    worker.postMessage({ text: file, password });
  }).finally(() => worker.terminate());
  if (reply.kind === 'key') return reply.key;
  throw new TwofoldError(reply.code, reply.text ?? reply.message);
}
