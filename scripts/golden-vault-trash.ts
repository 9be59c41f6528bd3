/*
 * npx tsx scripts/golden-vault-trash.ts
 *
 * Wrote tests/fixtures/vault/v2-trash.json once: a format 2 vault with the records added for groups, usage and
 * "Recently deleted" (docs/vault-format.md "Account record" group, "Recently deleted", "Usage", and the settings'
 * listView and backupNoticeHiddenUntil), so every later Twofold is tested opening them (tests/unit/vault/golden.test.ts).
 * Never run it over the existing file (tests/fixtures/vault/README.md): kept to show how the file was made.
 */
import 'fake-indexeddb/auto';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeBase32, encodeBase32 } from '../lib/encoding/base32';
import type { Effects } from '../lib/vault/slots';
import { createVault } from '../lib/vault/vault';
import { openIdbVaultStore } from '../platform/idb-vault-store';
import { dumpDatabase } from '../tests/unit/vault/idb-dump';

const OUT = resolve(fileURLToPath(import.meta.url), '../../tests/fixtures/vault/v2-trash.json');
const PASSWORD = 'golden trash';
const DAY = 24 * 60 * 60 * 1000;
/** Two days before the unit tests' fixed clock (tests/unit/vault/fixtures.ts), so the deleted entry has not expired. */
let now = 1_800_000_000_000 - 2 * DAY;

const fx: Effects = {
  random: (n) => new Uint8Array(randomBytes(n)),
  now: () => now,
  uuid: () => randomUUID(),
};

const totp = (secret: string, issuer: string, account: string) => ({
  kind: 'totp' as const,
  secret: decodeBase32(secret),
  issuer,
  account,
  algorithm: 'SHA1' as const,
  digits: 6,
  period: 30,
});

async function main() {
  if (existsSync(OUT)) throw new Error(`${OUT} exists: golden files are never regenerated`);
  const name = `golden-trash-${randomUUID()}`;
  const store = await openIdbVaultStore(name);
  const vault = await createVault(store, PASSWORD, fx, { memoryKiB: 64, iterations: 1, parallelism: 1 });
  const base = { sites: [], notes: '', recoveryCodes: [], pinned: false };
  const work = await vault.add({ ...base, otp: totp('GEZDGNBVGY3TQOJQ', 'GitHub', 'alice'), group: 'Work · 仕事' });
  await vault.add({ ...base, otp: totp('MFRGGZDFMZTWQ2LK', 'Mail', 'alice@example.com') });
  const gone = await vault.add({
    ...base,
    otp: totp('ONSWG4TFOQYTEMZU', 'Old bank', 'alice'),
    sites: ['bank.example'],
    group: 'Money',
  });
  now += 1000;
  await vault.recordUse(work.id);
  now += 1000;
  await vault.remove(gone.id);
  await vault.patchSettings({ listView: { sort: 'recent', collapsed: ['', 'Work · 仕事'] } });
  await vault.patchSettings({ backupNoticeHiddenUntil: now + 14 * DAY });
  const golden = {
    description:
      'A format 2 vault (docs/vault-format.md) with the records added for groups and "Recently deleted": an account with a group and one without (Account record), one deleted account in meta/"trash" (its group kept), a use in meta/"usage", and the settings listView (sort "recent", two groups collapsed) and backupNoticeHiddenUntil. Cheap Argon2id (64 KiB, t=1, p=1). Written two days before the unit tests\' fixed clock. Every later Twofold must open it with the password and show exactly these accounts, groups, deleted account, use and settings, with nothing unreadable.',
    password: PASSWORD,
    expect: {
      accounts: vault.accounts().map((a) => ({
        kind: a.otp.kind,
        issuer: a.otp.issuer,
        account: a.otp.account,
        secret: a.otp.kind === 'totp' ? encodeBase32(a.otp.secret) : '',
        sites: a.sites,
        notes: a.notes,
        recoveryCodes: a.recoveryCodes,
        pinned: a.pinned,
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
      })),
      settings: vault.settings(),
      groups: vault.accounts().map((a) => a.group ?? null),
      trash: vault.trash().map((e) => ({
        issuer: e.account.otp.issuer,
        secret: encodeBase32(e.account.otp.secret),
        group: e.account.group,
        sites: e.account.sites,
        deletedAt: e.deletedAt,
      })),
      usage: Object.entries(vault.usage()).map(([id, at]) => ({
        issuer: vault.get(id).otp.issuer,
        at,
      })),
    },
    database: await dumpDatabase(name),
  };
  writeFileSync(OUT, `${JSON.stringify(golden, null, 2)}\n`);
}

await main();
