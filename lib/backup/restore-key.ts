import { base64 } from '@scure/base';
import { TwofoldError } from '../errors';
import type { Text } from '../i18n/text';
import { BackupError, deriveBackupKey, openBackup, readBackupHeader } from './format';

/*
 * The costly half of a restore, in the options page's worker (entrypoints/options/restore-worker.ts), never in the
 * service worker: a crafted backup held the background for 31.5 s while pages' code requests waited
 * (docs/architecture.md "Attacks and their defences", 10). The key is derived once per restore; preview and apply both
 * send it with the file, and the background only checks the tag and the entries
 * (docs/backup-format.md "Where the key is derived").
 */

export interface RestoreKeyRequest {
  text: string;
  password: string;
}

/** Crosses postMessage: the key as base64, a failure as its code and Text (an Error would lose both). */
export type RestoreKeyReply =
  | { kind: 'key'; key: string }
  | { kind: 'failed'; code: string; message: string; text: Text | undefined };

export async function deriveRestoreKey(req: RestoreKeyRequest): Promise<RestoreKeyReply> {
  let key: Uint8Array | undefined;
  try {
    // Caps (lib/limits.ts) are checked here, before the derivation.
    const header = readBackupHeader(req.text);
    key = await deriveBackupKey(header, req.password);
    // The tag says now whether the password was right, so a wrong one never reaches the background.
    await openBackup(req.text, key);
    return { kind: 'key', key: base64.encode(key) };
  } catch (e) {
    if (e instanceof TwofoldError) return { kind: 'failed', code: e.code, message: e.message, text: e.text };
    const message = e instanceof Error ? e.message : String(e);
    return { kind: 'failed', code: 'damaged', message, text: undefined };
  } finally {
    key?.fill(0);
  }
}

/** The key a page sent, as bytes; anything but 32 bytes of base64 is a wrong key. */
export function restoreKeyBytes(key: string, wrong: Text): Uint8Array {
  try {
    const bytes = base64.decode(key);
    if (bytes.length === 32) return bytes;
  } catch {
    // Below.
  }
  throw new BackupError('wrong-password', wrong);
}
