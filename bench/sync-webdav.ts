import { randomBytes, randomUUID } from 'node:crypto';
import { deviceFileCodec } from '../lib/sync/device-file';
import { recordAccount } from '../lib/sync/local-edit';
import type { SyncRecord } from '../lib/sync/record';
import { localUpdate } from '../lib/sync/replica';
import { runRound } from '../lib/sync/round';
import { commitJoin, prepareJoin, startSync } from '../lib/sync/setup';
import { syncKeyring } from '../lib/sync/sync-slot';
import type { SyncVaultPort, VaultSyncChange } from '../lib/sync/vault-port';
import type { Account } from '../lib/vault/account-data';
import { webDavFolder } from '../platform/webdav-transport';
import { startWebDav } from '../tests/webdav/server';
import { sampleAccounts } from './otp-core';

/*
 * Sync to the local WebDAV server (docs/sync-format.md "Measured goals"): the first sync of 1,000 accounts (join,
 * encrypt, upload; the sync slot's Argon2id timed apart, goal < 3 s without it), an incremental sync of one change
 * (goal < 300 ms) both when the change is local (PROPFIND, PUT) and when another device made it (PROPFIND, one GET,
 * open, merge, PUT), and the bytes written per change. Runs the contract's functions in Node against a real Apache
 * (tests/webdav/server.ts) with an in-memory vault.
 */

const T0 = Date.UTC(2026, 11, 1);
const MASTER = 'correct horse battery';

/** The vault's side of a round, in memory: what lib/vault/vault.ts does in one IndexedDB transaction. */
export class MemoryVault implements SyncVaultPort {
  private record: SyncRecord | undefined;
  private list: Account[];

  constructor(accounts: Account[]) {
    this.list = accounts;
  }

  syncRecord(): SyncRecord | undefined {
    return this.record;
  }

  accounts(): readonly Account[] {
    return this.list;
  }

  async updateSync(
    fn: (
      current: SyncRecord | undefined,
      accounts: readonly Account[],
    ) => { record: SyncRecord | undefined; change?: VaultSyncChange },
  ): Promise<SyncRecord | undefined> {
    const { record, change } = fn(this.record, this.list);
    if (change) {
      const gone = new Set([...change.remove, ...change.put.map((a) => a.id)]);
      this.list = [...this.list.filter((a) => !gone.has(a.id)), ...change.put];
    }
    this.record = record;
    return record;
  }

  /** A local edit as the vault makes one while sync is on: the account and its replica stamp together. */
  edit(account: Account, now: number): void {
    this.list = this.list.map((a) => (a.id === account.id ? account : a));
    const record = this.record;
    if (!record) return;
    this.record = {
      ...record,
      replica: localUpdate(record.replica, now, (state, stamp) => recordAccount(state, account, stamp, now)),
    };
  }
}

export function thousandAccounts(): Account[] {
  return sampleAccounts(1000).map((otp, i) => ({
    id: `00000000-0000-4000-8000-${i.toString().padStart(12, '0')}`,
    createdAt: T0,
    updatedAt: T0,
    otp,
    sites: [`site${i}.example`],
    notes: '',
    recoveryCodes: Array.from({ length: 8 }, (_, j) => ({ code: `code-${i}-${j}` })),
    pinned: false,
    order: i,
  }));
}

function bodyBytes(body: unknown): number {
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) return body.byteLength;
  if (ArrayBuffer.isView(body)) return body.byteLength;
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof Blob) return body.size;
  return 0;
}

export interface SyncWebDavFigures {
  accounts: number;
  firstSyncMs: number;
  firstSyncSlotMs: number;
  firstSyncBytes: number;
  /** One local change: PROPFIND, merge, PUT. */
  incrementalMs: Spread;
  /** One account changed by another device: PROPFIND, one GET, open, merge, PUT. */
  remoteChangeMs: Spread;
  bytesPerChange: number;
}

export interface Spread {
  median: number;
  max: number;
  runs: number;
}

function spread(samples: number[]): Spread {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: +(sorted[Math.floor(sorted.length / 2)] as number).toFixed(1),
    max: +(sorted.at(-1) as number).toFixed(1),
    runs: samples.length,
  };
}

export async function benchSyncWebDav(runs = 7): Promise<SyncWebDavFigures> {
  const dav = await startWebDav();
  try {
    let putBytes = 0;
    const counting: typeof fetch = (input, init) => {
      if (init?.method === 'PUT') putBytes += bodyBytes(init.body);
      return fetch(input, init);
    };
    const random = (n: number) => new Uint8Array(randomBytes(n));
    const deps = {
      folder: webDavFolder({ url: dav.url, user: dav.user, password: dav.password }, { fetch: counting }),
      codec: deviceFileCodec,
      now: () => Date.now(),
      random,
    };
    let slotMs = 0;
    const keyring: typeof syncKeyring = {
      ...syncKeyring,
      async createSlot(...args) {
        const t = performance.now();
        try {
          return await syncKeyring.createSlot(...args);
        } finally {
          slotMs += performance.now() - t;
        }
      },
    };
    const vault = new MemoryVault(thousandAccounts());
    const t0 = performance.now();
    await startSync(
      { ...deps, keyring, uuid: randomUUID },
      {
        engine: { kind: 'webdav', url: dav.url, user: dav.user, password: dav.password },
        masterPassword: MASTER,
        deviceName: 'bench',
      },
      vault,
    );
    const firstSyncMs = performance.now() - t0 - slotMs;
    const firstSyncSlotMs = slotMs;
    const firstSyncBytes = putBytes;

    // A second browser joins with an empty vault (its Argon2id runs are not timed), so the first can see its edits.
    const other = new MemoryVault([]);
    const otherDeps = { ...deps, keyring, uuid: randomUUID };
    const pending = await prepareJoin(
      otherDeps,
      {
        engine: { kind: 'webdav', url: dav.url, user: dav.user, password: dav.password },
        remotePassword: MASTER,
        masterPassword: MASTER,
        deviceName: 'other',
      },
      other.accounts(),
    );
    await commitJoin(deps, pending, other);
    await runRound(deps, vault);

    const local: number[] = [];
    const remote: number[] = [];
    const written: number[] = [];
    for (let i = 0; i < runs; i++) {
      const account = vault.accounts()[i * 100] as Account;
      const now = Date.now();
      vault.edit({ ...account, notes: `edit ${i}`, updatedAt: now }, now);
      putBytes = 0;
      const t = performance.now();
      await runRound(deps, vault);
      local.push(performance.now() - t);
      written.push(putBytes);

      // The other browser edits one account and uploads (not timed); this one's round then reads and merges it.
      const theirs = other.accounts()[i * 100 + 50] as Account;
      const then = Date.now();
      other.edit({ ...theirs, notes: `their edit ${i}`, updatedAt: then }, then);
      await runRound(deps, other);
      const r = performance.now();
      const report = await runRound(deps, vault);
      remote.push(performance.now() - r);
      if (report.merged !== 1 || report.changed.length !== 1)
        throw new Error(`the other browser's edit did not arrive: ${JSON.stringify(report)}`);
    }
    return {
      accounts: vault.accounts().length,
      firstSyncMs: +firstSyncMs.toFixed(1),
      firstSyncSlotMs: +firstSyncSlotMs.toFixed(1),
      firstSyncBytes,
      incrementalMs: spread(local),
      remoteChangeMs: spread(remote),
      bytesPerChange: Math.max(...written),
    };
  } finally {
    await dav.close();
  }
}
