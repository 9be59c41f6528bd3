/*
 * The port every engine's storage implements (docs/sync-format.md "What is stored where"). The WebDAV adapter
 * (platform/webdav-transport.ts) implements it over `<URL>/Twofold/`; tests implement it in memory. Names are
 * file names inside the sync folder (`sync.json`, `<device>.a.tfsync`), never paths or URLs: the adapter alone
 * builds URLs, and refuses any outside the one configured origin. Every failure is a SyncError whose code says
 * what happened (lib/sync/errors.ts); nothing here answers `null` or `undefined` for a failure.
 */

export interface RemoteEntry {
  /** A file name inside the sync folder (no slash). */
  name: string;
  /** The ETag the listing gave, exactly as listed (weak `W/` kept), when the server sends one. */
  etag?: string;
  /** Bytes, from the listing. */
  size: number;
  /** Last modification, ms since the epoch, when the listing gives it. */
  modified?: number;
}

export interface FolderListing {
  entries: RemoteEntry[];
  /** The server's `Date` header (ms), an independent clock for the skew check, when it sends one. */
  serverDate?: number;
}

export interface SyncFolder {
  /** Lists the folder (files only). A missing folder is an empty listing after `ensure`, never an error here. */
  list(): Promise<FolderListing>;
  /** Creates the folder when missing (WebDAV `MKCOL`); a parent that does not exist is `folder-missing`. */
  ensure(): Promise<void>;
  /** One file's bytes; a file that vanished between list and get is `not-found`. */
  get(name: string): Promise<Uint8Array>;
  /** Writes (creates or replaces) one file. */
  put(name: string, body: Uint8Array): Promise<void>;
  /** Creates a file only when none exists (`If-None-Match: *`): `exists` when one was already there. */
  createOnce(name: string, body: Uint8Array): Promise<'created' | 'exists'>;
  /** Deletes one file; a file already gone is not an error. */
  remove(name: string): Promise<void>;
}
