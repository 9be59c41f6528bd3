import { openDB } from 'idb';

/**
 * A whole IndexedDB database as JSON (the golden vaults in tests/fixtures/vault/): every object store
 * with its [key, value] pairs. Bytes become {"$bytes": base64} and bigints {"$bigint": decimal}, so the
 * file survives a JSON round trip exactly as structured clone stored it.
 */
export type Dump = Record<string, [IDBValidKey, unknown][]>;

function toJsonValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v)]));
  return value;
}

function fromJsonValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromJsonValue);
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.$bytes === 'string') return new Uint8Array(Buffer.from(o.$bytes, 'base64'));
    if (typeof o.$bigint === 'string') return BigInt(o.$bigint);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, fromJsonValue(v)]));
  }
  return value;
}

/** Reads every store of database `name`. */
export async function dumpDatabase(name: string): Promise<Dump> {
  const db = await openDB(name);
  const out: Dump = {};
  for (const store of [...db.objectStoreNames].sort()) {
    const keys = await db.getAllKeys(store);
    const values = await db.getAll(store);
    out[store] = keys.map((k, i) => [k, toJsonValue(values[i])]);
  }
  db.close();
  return out;
}

/**
 * Writes a dump into database `name` with the layout of `version` (stores created as the vault's
 * IndexedDB version 1 creates them: `accounts` keyed by `id`, the others out-of-line).
 */
export async function loadDatabase(name: string, dump: Dump): Promise<void> {
  const db = await openDB(name, 1, {
    upgrade(database) {
      for (const store of Object.keys(dump)) {
        if (store === 'accounts') database.createObjectStore(store, { keyPath: 'id' });
        else database.createObjectStore(store);
      }
    },
  });
  for (const [store, rows] of Object.entries(dump)) {
    for (const [key, value] of rows) {
      if (store === 'accounts') await db.put(store, fromJsonValue(value));
      else await db.put(store, fromJsonValue(value), key);
    }
  }
  db.close();
}
