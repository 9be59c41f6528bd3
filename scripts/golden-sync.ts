/*
 * npx tsx scripts/golden-sync.ts
 *
 * Wrote tests/fixtures/sync/ once (docs/sync-format.md "Versioning"): a `sync.json` and two device files of one sync
 * group, each carrying a sync password slot for the password in tests/fixtures/sync/README.md, so every later Twofold
 * is tested reading them (tests/unit/sync/file-golden.test.ts). Never run it over the existing files: kept to show
 * how they were made. Cheap Argon2id (64 KiB, t = 1, p = 1, within lib/vault/slots.ts ARGON2ID_BOUNDS) so the test
 * is fast; the keyring's real cost is tested in tests/unit/sync/file-slot.test.ts.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeBase32 } from '../lib/encoding/base32';
import { type Hlc, receive, tick } from '../lib/sync/clock';
import { deviceFileCodec, deviceFileName } from '../lib/sync/device-file';
import { nameDevice } from '../lib/sync/devices';
import { makeFolderFile } from '../lib/sync/folder-file';
import { join } from '../lib/sync/join';
import { deleteAccount, recordAccount } from '../lib/sync/local-edit';
import { newestClock } from '../lib/sync/newest';
import { emptyState, type SyncState } from '../lib/sync/state';
import { createSyncSlot, newDeviceId, newSyncKey } from '../lib/sync/sync-slot';
import { accountOf } from '../lib/sync/view';
import type { Account } from '../lib/vault/account-data';
import { markRecoveryUsed } from '../lib/vault/recovery-codes';

const DIR = resolve(fileURLToPath(import.meta.url), '../../tests/fixtures/sync');
const PASSWORD = 'golden sync';
const T = Date.UTC(2026, 10, 12, 9, 0, 0);
const random = (n: number) => new Uint8Array(randomBytes(n));
const fx = { random, now: () => T, uuid: () => randomUUID() };
const CHEAP = { memoryKiB: 64, iterations: 1, parallelism: 1 };

const base = { createdAt: T, updatedAt: T, pinned: false };
const ACCOUNTS: Account[] = [
  {
    ...base,
    id: '11111111-1111-4111-8111-111111111111',
    otp: {
      kind: 'totp',
      secret: decodeBase32('JBSWY3DPEHPK3PXP'),
      issuer: 'GitHub',
      account: 'alice',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    },
    sites: ['github.com'],
    notes: '',
    recoveryCodes: [{ code: 'aaaa-1111' }, { code: 'bbbb-2222', usedAt: T - 86_400_000 }, { code: 'cccc-3333' }],
    order: 0,
  },
  {
    ...base,
    id: '22222222-2222-4222-8222-222222222222',
    otp: {
      kind: 'hotp',
      secret: decodeBase32('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'),
      issuer: 'Bank',
      account: 'alice@bank.example',
      algorithm: 'SHA1',
      digits: 6,
      counter: 7n,
    },
    sites: ['bank.example'],
    notes: 'card reader in the drawer',
    recoveryCodes: [{ code: 'r1-11111' }, { code: 'r2-22222' }],
    order: 1,
  },
  {
    ...base,
    id: '33333333-3333-4333-8333-333333333333',
    otp: {
      kind: 'totp',
      secret: decodeBase32('KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ'),
      issuer: 'Mail',
      account: 'alice@mail.example',
      algorithm: 'SHA256',
      digits: 8,
      period: 60,
    },
    sites: ['mail.example', 'webmail.example'],
    notes: 'Grüße, 日本語',
    recoveryCodes: [],
    order: 2,
  },
  {
    ...base,
    id: '44444444-4444-4444-8444-444444444444',
    otp: {
      kind: 'totp',
      secret: decodeBase32('MFRGGZDFMZTWQ2LK'),
      issuer: 'Forum',
      account: 'alice',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    },
    sites: ['forum.example'],
    notes: '',
    recoveryCodes: [],
    order: 3,
  },
];

const id = (i: number) => (ACCOUNTS[i] as Account).id;

class Device {
  hlc: Hlc = { l: 0, c: 0 };
  state: SyncState = emptyState();
  constructor(readonly id: string) {}
  stamp(now: number): string {
    const next = tick(this.hlc, now, this.id);
    this.hlc = next.hlc;
    return next.stamp;
  }
  get(id: string, now: number): Account {
    const e = this.state.accounts[id];
    if (e === undefined || 'purged' in e) throw new Error(id);
    return accountOf(id, e, now);
  }
}

async function main() {
  if (existsSync(`${DIR}/sync.json`)) throw new Error(`${DIR} exists: golden files are never regenerated`);
  mkdirSync(DIR, { recursive: true });
  const syncKey = newSyncKey(random);
  const syncId = randomUUID();
  const laptop = new Device(newDeviceId(random));
  const desktop = new Device(newDeviceId(random));

  // The laptop starts sync with four accounts.
  laptop.state = nameDevice(laptop.state, laptop.id, 'Laptop', laptop.stamp(T));
  for (const a of ACCOUNTS) laptop.state = recordAccount(laptop.state, a, laptop.stamp(T + 1000), T + 1000);

  // The desktop joins, then: renames GitHub, uses a Bank code (HOTP 7 → 8) and recovery code r1, deletes Forum, and
  // adds a Steam account.
  let t = T + 3_600_000;
  desktop.hlc = receive(desktop.hlc, newestClock(laptop.state), t);
  desktop.state = nameDevice(join(desktop.state, laptop.state), desktop.id, 'Desktop', desktop.stamp(t));
  const github = desktop.get(id(0), t);
  t += 1000;
  desktop.state = recordAccount(
    desktop.state,
    { ...github, otp: { ...github.otp, issuer: 'GitHub work' } },
    desktop.stamp(t),
    t,
  );
  const bank = desktop.get(id(1), t);
  if (bank.otp.kind !== 'hotp') throw new Error('bank');
  t += 1000;
  desktop.state = recordAccount(
    desktop.state,
    {
      ...bank,
      otp: { ...bank.otp, counter: bank.otp.counter + 1n },
      recoveryCodes: markRecoveryUsed(bank.recoveryCodes, 'r1-11111', t + 1000),
    },
    desktop.stamp(t),
    t,
  );
  t += 1000;
  desktop.state = deleteAccount(desktop.state, id(3), desktop.stamp(t));
  t += 1000;
  desktop.state = recordAccount(
    desktop.state,
    {
      ...base,
      createdAt: t,
      updatedAt: t,
      id: '55555555-5555-4555-8555-555555555555',
      otp: { kind: 'steam', secret: decodeBase32('ONSWG4TFOQ'), issuer: 'Steam', account: 'alice_gamer' },
      sites: ['store.steampowered.com'],
      notes: '',
      recoveryCodes: [],
      order: 4,
    },
    desktop.stamp(t),
    t,
  );

  const seal = async (d: Device, generation: number, password: string) =>
    deviceFileCodec.seal(
      {
        syncId,
        device: d.id,
        generation,
        slots: [await createSyncSlot(password, syncKey, syncId, fx, CHEAP)],
        state: d.state,
        syncKey,
      },
      random,
    );
  writeFileSync(`${DIR}/sync.json`, makeFolderFile({ version: 1, syncId, created: T }));
  writeFileSync(`${DIR}/${deviceFileName(laptop.id, 'a')}`, await seal(laptop, 1, PASSWORD));
  writeFileSync(`${DIR}/${deviceFileName(desktop.id, 'a')}`, await seal(desktop, 3, PASSWORD));
  console.log({ syncId, laptop: laptop.id, desktop: desktop.id });
}

await main();
