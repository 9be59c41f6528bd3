import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeBase32 } from '../../../lib/encoding/base32';
import { deviceFileCodec, parseDeviceFileName } from '../../../lib/sync/device-file';
import { FOLDER_FILE, parseFolderFile } from '../../../lib/sync/folder-file';
import { join } from '../../../lib/sync/join';
import { emptyState, type SyncState } from '../../../lib/sync/state';
import { syncKeyring } from '../../../lib/sync/sync-slot';
import { liveAccounts } from '../../../lib/sync/view';
import type { Account } from '../../../lib/vault/account-data';

// tests/fixtures/sync/README.md: written once by scripts/golden-sync.ts; never regenerated or edited.
const DIR = resolve(__dirname, '../../fixtures/sync');
const PASSWORD = 'golden sync';
const NOW = Date.UTC(2026, 10, 13);

/** What a person sees of an account: no ids or times. */
function shown(a: Account) {
  const otp = a.otp;
  return {
    kind: otp.kind,
    issuer: otp.issuer,
    account: otp.account,
    secret: encodeBase32(otp.secret),
    ...(otp.kind === 'steam' ? {} : { algorithm: otp.algorithm, digits: otp.digits }),
    ...(otp.kind === 'totp' ? { period: otp.period } : {}),
    ...(otp.kind === 'hotp' ? { counter: otp.counter.toString() } : {}),
    sites: a.sites,
    notes: a.notes,
    codes: a.recoveryCodes.map((r) => `${r.code}${r.usedAt === undefined ? '' : ' (used)'}`),
  };
}

const GITHUB = {
  kind: 'totp',
  account: 'alice',
  secret: 'JBSWY3DPEHPK3PXP',
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  sites: ['github.com'],
  notes: '',
  codes: ['aaaa-1111', 'bbbb-2222 (used)', 'cccc-3333'],
};
const BANK = {
  kind: 'hotp',
  issuer: 'Bank',
  account: 'alice@bank.example',
  secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
  algorithm: 'SHA1',
  digits: 6,
  sites: ['bank.example'],
  notes: 'card reader in the drawer',
};
const MAIL = {
  kind: 'totp',
  issuer: 'Mail',
  account: 'alice@mail.example',
  secret: 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ',
  algorithm: 'SHA256',
  digits: 8,
  period: 60,
  sites: ['mail.example', 'webmail.example'],
  notes: 'Grüße, 日本語',
  codes: [],
};
const FORUM = {
  kind: 'totp',
  issuer: 'Forum',
  account: 'alice',
  secret: 'MFRGGZDFMZTWQ2LK',
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  sites: ['forum.example'],
  notes: '',
  codes: [],
};
const STEAM = {
  kind: 'steam',
  issuer: 'Steam',
  account: 'alice_gamer',
  secret: 'ONSWG4TFOQ',
  sites: ['store.steampowered.com'],
  notes: '',
  codes: [],
};

const byIssuer = (list: ReturnType<typeof shown>[]) => [...list].sort((x, y) => x.issuer.localeCompare(y.issuer));

describe('golden sync files (tests/fixtures/sync)', () => {
  it('open with the password: sync.json → slots → sync key → states → the accounts', async () => {
    const folder = parseFolderFile(readFileSync(`${DIR}/${FOLDER_FILE}`));
    expect(folder.version).toBe(1);
    const files = readdirSync(DIR).filter((n) => parseDeviceFileName(n) !== undefined);
    expect(files).toHaveLength(2);
    const bytes = files.map((n) => new Uint8Array(readFileSync(`${DIR}/${n}`)));
    const headers = bytes.map((b) => deviceFileCodec.header(b));
    headers.forEach((h, i) => {
      expect(h.syncId).toBe(folder.syncId);
      expect(h.device).toBe(parseDeviceFileName(files[i] as string)?.device);
    });
    const sk = await syncKeyring.unwrap(
      headers.flatMap((h) => h.slots),
      PASSWORD,
      folder.syncId,
    );
    const opened = await Promise.all(bytes.map((b) => deviceFileCodec.open(b, sk)));
    const byName = (name: string) => {
      const o = opened.find((x) => x.state.devices[x.header.device]?.name[0] === name);
      if (o === undefined) throw new Error(`no file of ${name}`);
      return o;
    };
    const laptop = byName('Laptop');
    const desktop = byName('Desktop');
    expect([laptop.header.generation, desktop.header.generation]).toEqual([1, 3]);

    // The laptop's file: the four accounts it started with.
    expect(byIssuer(liveAccounts(laptop.state, NOW).map(shown))).toEqual([
      { ...BANK, counter: '7', codes: ['r1-11111', 'r2-22222'] },
      FORUM,
      { ...GITHUB, issuer: 'GitHub' },
      MAIL,
    ]);
    // Both joined, as a device that reads the folder sees them: GitHub renamed, a Bank code used (HOTP 7 → 8, r1),
    // Forum deleted, Steam added.
    const all: SyncState = opened.reduce((s, o) => join(s, o.state), emptyState());
    const expected = [
      { ...BANK, counter: '8', codes: ['r1-11111 (used)', 'r2-22222'] },
      { ...GITHUB, issuer: 'GitHub work' },
      MAIL,
      STEAM,
    ];
    expect(byIssuer(liveAccounts(all, NOW).map(shown))).toEqual(expected);
    expect(
      Object.values(all.devices)
        .map((d) => d.name[0])
        .sort(),
    ).toEqual(['Desktop', 'Laptop']);
  });

  it('a wrong password opens none of their slots', async () => {
    const folder = parseFolderFile(readFileSync(`${DIR}/${FOLDER_FILE}`));
    const slots = readdirSync(DIR)
      .filter((n) => parseDeviceFileName(n) !== undefined)
      .flatMap((n) => deviceFileCodec.header(new Uint8Array(readFileSync(`${DIR}/${n}`))).slots);
    await expect(syncKeyring.unwrap(slots, 'golden sync ', folder.syncId)).rejects.toMatchObject({
      code: 'wrong-password',
    });
  });
});
