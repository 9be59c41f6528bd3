/// <reference types="chrome" />
import type { Worker } from 'playwright-core';

/**
 * Everything the extension keeps, read in its service worker and as one JSON string: every object store of the
 * `twofold` IndexedDB database, storage.local and storage.session. Every byte value (Uint8Array, ArrayBuffer, other
 * views) becomes lowercase hex, so a secret stored as bytes is found as its hex (JSON.stringify of a latin1 string
 * would escape it out of reach). For "no secret in the clear" checks.
 */
export function storageDump(worker: Worker): Promise<string> {
  return worker.evaluate(async () => {
    const hex = (u: Uint8Array) => Array.from(u, (b) => b.toString(16).padStart(2, '0')).join('');
    const bytes = (v: unknown): unknown =>
      v instanceof Uint8Array
        ? hex(v)
        : v instanceof ArrayBuffer
          ? hex(new Uint8Array(v))
          : ArrayBuffer.isView(v)
            ? hex(new Uint8Array(v.buffer, v.byteOffset, v.byteLength))
            : Array.isArray(v)
              ? v.map(bytes)
              : v && typeof v === 'object'
                ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, bytes(x)]))
                : v;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('twofold');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const all: unknown[] = [];
    for (const name of Array.from(db.objectStoreNames)) {
      all.push(
        await new Promise((resolve) => {
          const req = db.transaction(name).objectStore(name).getAll();
          req.onsuccess = () => resolve(req.result);
        }),
      );
    }
    db.close();
    return JSON.stringify([
      bytes(all),
      bytes(await chrome.storage.local.get(null)),
      bytes(await chrome.storage.session.get(null)),
    ]);
  });
}
