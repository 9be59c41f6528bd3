import browser from 'webextension-polyfill';

/**
 * Thin adapter over `storage.session`: memory-only storage that survives service-worker restarts and
 * is cleared when the browser closes. Access is restricted to trusted contexts (extension pages and
 * the worker), so content scripts can never read what is kept here (docs/vault-format.md).
 */
export interface SessionStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

export async function openSessionStore(): Promise<SessionStore> {
  const area = browser.storage.session as typeof browser.storage.session & {
    setAccessLevel?: (o: { accessLevel: 'TRUSTED_CONTEXTS' }) => Promise<void>;
  };
  // Chrome's default is already trusted contexts only; saying so guards against a changed default.
  await area.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
  return {
    async get<T>(key: string) {
      return (await area.get(key))[key] as T | undefined;
    },
    set: (key, value) => area.set({ [key]: value }),
    remove: (key) => area.remove(key),
  };
}
