import { SyncError } from '../../lib/sync/errors';
import { itemsBytes } from '../../lib/sync/storage-sync-layout';
import {
  commitStorageJoin,
  prepareStorageJoin,
  startStorageSync,
  storageSyncRound,
} from '../../lib/sync/storage-sync-round';
import { toAccountJson } from '../../lib/vault/account-data';
import { storageSyncArea } from '../../platform/storage-sync-area';
import { account, cheapKeyring, MemoryVault, random, randomUUID } from '../unit/sync/storage-sync-fakes';

/*
 * The entry of the tiny test extension tests/e2e/storage-sync-api*.e2e.ts bundle with esbuild: the real
 * `browser.storage.sync` behind platform/storage-sync-area.ts, the layout and the round, driven from the test through
 * `globalThis.tfTest`. The vault is in memory (the API is what is under test, not IndexedDB).
 */

const area = storageSyncArea();
const vault = new MemoryVault();
const deps = { area, now: () => Date.now(), random, keyring: cheapKeyring, uuid: randomUUID };

/** A SyncError as plain data across the driver's boundary. */
async function outcome(
  f: () => Promise<unknown>,
): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
  try {
    await f();
    return { ok: true };
  } catch (e) {
    if (e instanceof SyncError) return { ok: false, code: e.code, message: e.message };
    return { ok: false, code: 'not-a-sync-error', message: String(e) };
  }
}

const api = {
  get: () => area.get(),
  /** Writes items as they are (the vendor sync delivering another profile's items). */
  set: (items: Record<string, unknown>) => outcome(() => area.set(items)),
  clear: async () => area.remove(Object.keys(await area.get())),
  bytes: async () => {
    const items = await area.get();
    return {
      chromium: itemsBytes(items, 'chromium'),
      firefox: itemsBytes(items, 'firefox'),
      strictest: itemsBytes(items),
      browser: await area.bytesInUse(),
    };
  },
  /** `n` writes in a row: the first refusal, or ok. */
  burst: async (n: number) => {
    for (let i = 0; i < n; i++) {
      const r = await outcome(() => area.set({ 'tf:burst': i }));
      if (!r.ok) return { ...r, at: i };
    }
    return { ok: true as const, at: n };
  },
  start: (name: string, password: string, issuers: string[]) => {
    vault.list = issuers.map((i) => account(i, Date.now() - 60_000));
    return outcome(() => startStorageSync(deps, { masterPassword: password, deviceName: name }, vault));
  },
  join: async (name: string, remotePassword: string, issuers: string[]) => {
    vault.list = issuers.map((i) => account(i, Date.now() - 60_000));
    const pending = await prepareStorageJoin(
      deps,
      { remotePassword, masterPassword: `${remotePassword}-${name}`, deviceName: name },
      vault.accounts(),
    );
    await commitStorageJoin(deps, pending, vault);
    return pending.preview;
  },
  add: (issuer: string) => vault.put(account(issuer, Date.now()), Date.now()),
  rename: (issuer: string, to: string) => {
    const a = vault.accounts().find((x) => x.otp.issuer === issuer);
    if (a === undefined) throw new Error(`no ${issuer}`);
    vault.put({ ...a, otp: { ...a.otp, issuer: to }, updatedAt: Date.now() }, Date.now());
  },
  round: async () => {
    let uploaded = false;
    const r = await outcome(async () => {
      uploaded = (await storageSyncRound(deps, vault)).uploaded;
    });
    return { ...r, uploaded };
  },
  view: () =>
    vault
      .accounts()
      .map((a) => `${a.id} ${toAccountJson(a)}`)
      .sort(),
  issuers: () =>
    vault
      .accounts()
      .map((a) => a.otp.issuer)
      .sort(),
};

(globalThis as unknown as { tfTest: typeof api }).tfTest = api;
export type TfTest = typeof api;
