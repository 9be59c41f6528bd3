import { TwofoldError } from '../errors';
import type { Text } from '../i18n/text';

/** Failures of sync (docs/sync-format.md "Failures"); each maps to its own status message. */
export type SyncErrorCode =
  /** A state fails a check after decryption: the whole file is refused, nothing of it is merged. */
  | 'malformed-state'
  // --- the file formats (lib/sync/device-file.ts, folder-file.ts, storage-sync-layout.ts)
  /** Not a Twofold sync file, or a container field fails its check. */
  | 'malformed-file'
  /** A file or sync.json written by a newer Twofold: left untouched. */
  | 'newer-version'
  /** Over a size or count cap (file, decompressed body, slots, device files). */
  | 'too-large'
  /** The tag check failed: wrong sync key, or the file was changed outside Twofold. */
  | 'tampered'
  /** The password opens none of the sync slots. */
  | 'wrong-password'
  /** A device file of another sync group. */
  | 'other-sync'
  // --- the transport (platform/webdav-transport.ts, platform/storage-sync-transport.ts)
  /** No network, DNS or TLS failure, connection refused. */
  | 'offline'
  /** No answer within the timeout. */
  | 'timeout'
  /** 401: the server refused the user name or password. */
  | 'auth'
  /** 403. */
  | 'forbidden'
  /** 404 where a file was expected. */
  | 'not-found'
  /** 409 on MKCOL: the configured folder's parent does not exist. */
  | 'folder-missing'
  /** 409 elsewhere. */
  | 'conflict'
  /** 412. */
  | 'precondition'
  /** 423. */
  | 'locked'
  /** 500, 502, 503, 504 and other 5xx but 507. */
  | 'server'
  /** 507, or the browser's storage.sync quota. */
  | 'full'
  /** storage.sync write-rate limit. */
  | 'rate-limited'
  /** A 3xx (requests use `redirect: 'manual'`: never followed), or an answer that is not what WebDAV promises. */
  | 'bad-response'
  /** A URL outside the configured origin, or plain http to a host that is not loopback. */
  | 'origin-refused'
  /** The host permission for the configured origin is not granted. */
  | 'no-permission';

export interface SyncErrorDetails {
  /** The HTTP status, for transport errors that have one. */
  status?: number;
  /** From `Retry-After`, in ms, when the server sent one. */
  retryAfterMs?: number;
  /** The device a file belongs to, for format errors about another device's file. */
  device?: string;
}

export class SyncError extends TwofoldError<SyncErrorCode> {
  readonly details: SyncErrorDetails;
  constructor(
    code: SyncErrorCode,
    message: string | Text,
    details: SyncErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.details = details;
  }
}
