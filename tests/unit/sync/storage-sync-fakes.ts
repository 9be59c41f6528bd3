import { type Clock, tick } from '../../../lib/sync/clock';
import { SyncError } from '../../../lib/sync/errors';
import { deleteAccount, recordAccount } from '../../../lib/sync/local-edit';
import type { SyncKeyring } from '../../../lib/sync/ports';
import type { SyncRecord } from '../../../lib/sync/record';
import type { SyncState } from '../../../lib/sync/state';
import type { StorageSyncArea } from '../../../lib/sync/storage-sync-layout';
import type { SyncVaultPort } from '../../../lib/sync/vault-port';
import type { Account } from '../../../lib/vault/account-data';
import { open, seal } from '../../../lib/vault/aead';
import { VaultError } from '../../../lib/vault/errors';
import type { PasswordSlot } from '../../../lib/vault/slots';

/*
 * In-memory stand-ins for the browser-sync engine's tests: an area that enforces the documented quota rule
 * (docs/sync-research.md §1, computed here on its own, not with the layout's function), a vault holding accounts
 * and a replica record, and a keyring that wraps the sync key without Argon2id.
 */

/** WebCrypto's CSPRNG (Node 20 and browsers alike: the e2e test extension bundles this file too). */
export const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
export const randomUUID = () => crypto.randomUUID();

/** The documented rule, written out again: key length plus the length of the value's JSON text. */
export const documentedBytes = (items: Record<string, unknown>) =>
  Object.entries(items).reduce((sum, [k, v]) => sum + k.length + JSON.stringify(v).length, 0);

export class MemoryArea implements StorageSyncArea {
  items: Record<string, unknown> = {};
  sets = 0;
  /** When set, the next write fails with this error (and the area is unchanged). */
  failNext: SyncError | undefined;
  private listeners = new Set<() => void>();

  async get() {
    return structuredClone(this.items);
  }
  async set(items: Record<string, unknown>) {
    if (this.failNext !== undefined) {
      const e = this.failNext;
      this.failNext = undefined;
      throw e;
    }
    const next = { ...this.items, ...structuredClone(items) };
    const tooBig = Object.entries(items).some(([k, v]) => k.length + JSON.stringify(v).length > 8_192);
    if (tooBig || documentedBytes(next) > 102_400 || Object.keys(next).length > 512)
      throw new SyncError('full', 'QUOTA_BYTES quota exceeded');
    this.items = next;
    this.sets++;
    for (const l of this.listeners) l();
  }
  async remove(keys: readonly string[]) {
    for (const k of keys) delete this.items[k];
  }
  async bytesInUse() {
    return documentedBytes(this.items);
  }
  onChanged(listener: () => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

const sha256 = async (s: string) => new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)));

/** A keyring whose KEK is SHA-256 of the password: the slot's shape, without the cost of Argon2id. */
export const cheapKeyring: SyncKeyring = {
  async createSlot(password, syncKey, _syncId, fx) {
    const nonce = fx.random(12);
    return {
      id: fx.uuid(),
      type: 'password',
      kdf: { name: 'argon2id', version: 0x13, memoryKiB: 64, iterations: 1, parallelism: 1, salt: fx.random(16) },
      nonce,
      wrappedKey: await seal(await sha256(password), nonce, syncKey, new Uint8Array()),
      createdAt: fx.now(),
    } satisfies PasswordSlot;
  },
  async unwrap(slots, password) {
    for (const s of slots) {
      try {
        return await open(
          await sha256(password),
          s.nonce,
          s.wrappedKey,
          new Uint8Array(),
          () => new VaultError('wrong-password', 'no'),
        );
      } catch {
        // next slot
      }
    }
    throw new SyncError('wrong-password', 'none opens');
  },
};

/** A vault in memory: accounts, the record, and local edits stamped into the replica as the real vault does. */
export class MemoryVault implements SyncVaultPort {
  record: SyncRecord | undefined;
  list: Account[];
  constructor(accounts: Account[] = []) {
    this.list = accounts;
  }
  syncRecord() {
    return this.record;
  }
  accounts() {
    return this.list;
  }
  async updateSync(fn: Parameters<SyncVaultPort['updateSync']>[0]) {
    const out = fn(this.record, this.list);
    this.record = out.record;
    if (out.change !== undefined) {
      const removed = new Set(out.change.remove);
      const put = new Map(out.change.put.map((a) => [a.id, a]));
      this.list = [...this.list.filter((a) => !removed.has(a.id) && !put.has(a.id)), ...put.values()];
    }
    return this.record;
  }
  private stamp(now: number, update: (s: SyncState, stamp: Clock) => SyncState) {
    const r = this.record;
    if (r === undefined) return;
    const t = tick(r.replica.hlc, now, r.device);
    this.record = { ...r, replica: { ...r.replica, hlc: t.hlc, state: update(r.replica.state, t.stamp) } };
  }
  /** Adds or changes an account, as a person would. */
  put(a: Account, now: number) {
    this.list = [...this.list.filter((x) => x.id !== a.id), a];
    this.stamp(now, (s, stamp) => recordAccount(s, a, stamp, now));
  }
  delete(id: string, now: number) {
    this.list = this.list.filter((x) => x.id !== id);
    this.stamp(now, (s, stamp) => deleteAccount(s, id, stamp));
  }
  get(id: string): Account {
    const a = this.list.find((x) => x.id === id);
    if (a === undefined) throw new Error(`no account ${id}`);
    return a;
  }
}

/** An account with its own random key (one key is one account) and `notes` of the given length. */
export function account(issuer: string, createdAt: number, notes = ''): Account {
  return {
    id: randomUUID(),
    createdAt,
    updatedAt: createdAt,
    otp: {
      kind: 'totp',
      secret: random(20),
      issuer,
      account: `${issuer.toLowerCase()}@example.com`,
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    },
    sites: [`${issuer.toLowerCase()}.example.com`],
    notes,
    recoveryCodes: [],
    pinned: false,
    order: 0,
  };
}
