import browser from 'webextension-polyfill';
import { textsOf } from '../lib/i18n/text';
import { SyncError } from '../lib/sync/errors';
import { KEY_PREFIX, type StorageSyncArea } from '../lib/sync/storage-sync-layout';
import en from '../locales/en/syncstorage.json';

/*
 * Thin adapter over `browser.storage.sync` (docs/sync-format.md "Browser sync storage"): only `tf:` keys, and the
 * browser's own quota failures turned into SyncErrors. Chrome names the limit it hit in the error's message
 * (`QUOTA_BYTES quota exceeded`, `QUOTA_BYTES_PER_ITEM quota exceeded`, `MAX_ITEMS quota exceeded`,
 * and for the write rate a message naming MAX_WRITE_OPERATIONS_PER_MINUTE or _PER_HOUR: Chromium
 * extensions/browser/api/storage/settings_storage_quota_enforcer.cc and storage_api.cc); Firefox's client-side
 * quota (application-services webext_storage) reports a QuotaError whose message names the quota too.
 */

const text = textsOf(en);

type SyncAreaApi = typeof browser.storage.sync & {
  getBytesInUse?: (keys?: string | string[] | null) => Promise<number>;
};

/** The browser's failure as a SyncError: size quotas are `full`, write-rate quotas `rate-limited`. */
export function storageSyncFailure(e: unknown): SyncError {
  const message = e instanceof Error ? e.message : String(e);
  if (/MAX_WRITE_OPERATIONS/i.test(message))
    return new SyncError('rate-limited', text('syncstorage_busy'), {}, { cause: e });
  if (/quota/i.test(message)) return new SyncError('full', text('syncstorage_quota_browser'), {}, { cause: e });
  return new SyncError('bad-response', text('syncstorage_unavailable'), {}, { cause: e });
}

async function call<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw storageSyncFailure(e);
  }
}

export function storageSyncArea(area: SyncAreaApi = browser.storage.sync as SyncAreaApi): StorageSyncArea {
  return {
    async get() {
      const all = await call(() => area.get(null));
      return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith(KEY_PREFIX)));
    },
    set: (items) => call(() => area.set(items as Record<string, unknown>)),
    remove: (keys) => call(() => area.remove([...keys])),
    async bytesInUse() {
      if (typeof area.getBytesInUse !== 'function') return undefined;
      return call(() => (area.getBytesInUse as NonNullable<SyncAreaApi['getBytesInUse']>)(null));
    },
    onChanged(listener) {
      const on = (changes: Record<string, unknown>, areaName: string) => {
        if (areaName === 'sync' && Object.keys(changes).some((k) => k.startsWith(KEY_PREFIX))) listener();
      };
      browser.storage.onChanged.addListener(on);
      return () => browser.storage.onChanged.removeListener(on);
    },
  };
}
