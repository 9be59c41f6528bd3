import browser from 'webextension-polyfill';

/**
 * Calls `gone` when `key` is removed from `storage.session` (extension pages only: the area is restricted to
 * trusted contexts, platform/session-storage.ts). The background removes the vault key on every lock (the
 * button, auto-lock, a failed reopen), so a page showing secrets hears of the lock the moment it happens,
 * whichever path locked. Returns a function that stops listening.
 */
export function onSessionKeyRemoved(key: string, gone: () => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    const change = changes[key];
    if (area === 'session' && change && change.newValue === undefined) gone();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
