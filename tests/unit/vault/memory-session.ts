import { randomUUID } from 'node:crypto';
import { type SessionPort, VaultSession } from '../../../lib/vault/session';
import { type IdbVaultStore, openIdbVaultStore } from '../../../platform/idb-vault-store';
import { CHEAP, fx } from './fixtures';

/**
 * storage.session stand-in: a Map that outlives "worker restarts" (new VaultSession objects over it). Values are
 * stored as copies, as the browser's storage serialises them.
 */
export function memorySession(): SessionPort & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async <T>(k: string) => data.get(k) as T | undefined,
    set: async (k, v) => void data.set(k, structuredClone(v)),
    remove: async (k) => void data.delete(k),
  };
}

export interface MemoryVault {
  store: IdbVaultStore;
  port: SessionPort & { data: Map<string, unknown> };
  session: VaultSession;
}

/**
 * A VaultSession over a fresh IndexedDB database (`name` plus a random suffix; the test file imports
 * 'fake-indexeddb/auto') and a memory session port, with cheap Argon2id. The vault is created with `password`
 * unless it is undefined.
 */
export async function memoryVault(name: string, password: string | undefined): Promise<MemoryVault> {
  const store = await openIdbVaultStore(`${name}-${randomUUID()}`);
  const port = memorySession();
  const session = new VaultSession(store, port, fx, CHEAP);
  if (password !== undefined) await session.create(password);
  return { store, port, session };
}
