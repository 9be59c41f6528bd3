import { createDecipheriv, createHash, randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AEGIS_SCRYPT, AegisExportError, uuidV4, writeAegisVault } from '../../../lib/export/aegis';
import { aegisImporter } from '../../../lib/import/formats/aegis';
import { sniffFile } from '../../../lib/import/sniff';
import type { Account } from '../../../lib/vault/account-data';
import { sampleAccount } from '../vault/fixtures';

const random = (n: number) => new Uint8Array(randomBytes(n));
const CHEAP = { N: 1024, r: 8, p: 1 };
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const accounts: Account[] = [
  sampleAccount(),
  sampleAccount({
    otp: {
      kind: 'hotp',
      secret: new TextEncoder().encode('1234567890123456789012345678901234567890123456789012345678901234'),
      issuer: 'Bank',
      account: 'bob',
      algorithm: 'SHA512',
      digits: 6,
      counter: 9_007_199_254_740_991n,
    },
    notes: '',
    pinned: false,
  }),
  sampleAccount({
    otp: { kind: 'steam', secret: new Uint8Array(10).fill(3), issuer: 'Steam', account: 'gabe' },
    notes: 'games',
  }),
  sampleAccount({
    otp: {
      kind: 'totp',
      secret: new Uint8Array(64).fill(9),
      issuer: 'Société Générale',
      account: 'josé@example.es',
      algorithm: 'SHA1',
      digits: 6,
      period: 60,
    },
    notes: 'line 1\nline 2 "quoted"',
    pinned: false,
  }),
];

async function importBack(text: string, password?: string) {
  const file = sniffFile('aegis-export.json', new TextEncoder().encode(text));
  const detection = aegisImporter.detect(file);
  if (!detection) throw new Error('not detected as Aegis');
  return { detection, ...(await aegisImporter.read(file, detection, password === undefined ? {} : { password })) };
}

function expectSameAccounts(result: Awaited<ReturnType<typeof importBack>>) {
  expect(result.problems).toEqual([]);
  expect(result.entries.map((e) => ({ otp: e.params, notes: e.notes, pinned: e.pinned }))).toEqual(
    accounts.map((a) => ({ otp: a.otp, notes: a.notes, pinned: a.pinned })),
  );
}

/** Aegis's decryption written with Node's crypto (scrypt → unwrap master key → open db), not our code. */
function nodeDecrypt(text: string, password: string) {
  const vault = JSON.parse(text);
  const slot = vault.header.slots[0];
  const slotKey = scryptSync(Buffer.from(password, 'utf8'), Buffer.from(slot.salt, 'hex'), 32, {
    N: slot.n,
    r: slot.r,
    p: slot.p,
    maxmem: 256 * 1024 * 1024,
  });
  const unwrap = createDecipheriv('aes-256-gcm', slotKey, Buffer.from(slot.key_params.nonce, 'hex'));
  unwrap.setAuthTag(Buffer.from(slot.key_params.tag, 'hex'));
  const masterKey = Buffer.concat([unwrap.update(Buffer.from(slot.key, 'hex')), unwrap.final()]);
  const open = createDecipheriv('aes-256-gcm', masterKey, Buffer.from(vault.header.params.nonce, 'hex'));
  open.setAuthTag(Buffer.from(vault.header.params.tag, 'hex'));
  const db = Buffer.concat([open.update(Buffer.from(vault.db, 'base64')), open.final()]).toString('utf8');
  return { vault, db: JSON.parse(db), dbText: db };
}

describe('Aegis export', () => {
  it('writes a plain vault (file v1, db v3) that the Aegis importer reads back exactly', async () => {
    const text = await writeAegisVault(accounts, { random });
    const vault = JSON.parse(text);
    expect(vault.version).toBe(1);
    expect(vault.header).toEqual({ slots: null, params: null });
    expect(vault.db.version).toBe(3);
    expect(vault.db.groups).toEqual([]);
    expect(vault.db.entries[0]).toMatchObject({
      type: 'totp',
      name: 'alice@example.com',
      issuer: 'Example',
      note: 'work laptop',
      favorite: true,
      icon: null,
      info: { secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', algo: 'SHA256', digits: 8, period: 30 },
      groups: [],
    });
    expect(vault.db.entries[2].info).toEqual({ secret: 'AMBQGAYDAMBQGAYD', algo: 'SHA1', digits: 5, period: 30 });
    for (const e of vault.db.entries) expect(e.uuid).toMatch(UUID_V4);
    expect(new Set(vault.db.entries.map((e: { uuid: string }) => e.uuid)).size).toBe(accounts.length);
    expect(text.startsWith('{\n    "version": 1,')).toBe(true); // Aegis's own 4-space layout
    const back = await importBack(text);
    expect(back.detection.encrypted).toBe(false);
    expectSameAccounts(back);
  });

  it('writes counters above 2^53 digit for digit', async () => {
    const big = sampleAccount({
      otp: {
        kind: 'hotp',
        secret: new Uint8Array(20).fill(1),
        issuer: 'X',
        account: 'y',
        algorithm: 'SHA1',
        digits: 6,
        counter: 2n ** 63n - 1n,
      },
    });
    expect(await writeAegisVault([big], { random })).toContain('"counter": 9223372036854775807');
    const { dbText } = nodeDecrypt(await writeAegisVault([big], { random, password: 'pw', scrypt: CHEAP }), 'pw');
    expect(dbText).toContain('"counter":9223372036854775807');
    const tooBig = sampleAccount({ otp: { ...big.otp, counter: 2n ** 63n } as Account['otp'] });
    await expect(writeAegisVault([tooBig], { random })).rejects.toBeInstanceOf(AegisExportError);
  });

  it('a user text that looks like the counter mark stays text', async () => {
    const odd = sampleAccount({
      notes: '\u0000counter:5',
      otp: { ...accounts[0]?.otp, issuer: '"counter": "\u0000counter:7"' } as Account['otp'],
    });
    const back = await importBack(await writeAegisVault([odd], { random }));
    expect(back.entries[0]?.notes).toBe('\u0000counter:5');
    expect(back.entries[0]?.params.issuer).toBe('"counter": "\u0000counter:7"');
  });

  it('encrypts like Aegis: Node’s crypto opens it, and so does the importer', async () => {
    const text = await writeAegisVault(accounts, { random, password: 'pässwörd', scrypt: CHEAP });
    const { vault, db } = nodeDecrypt(text, 'pässwörd');
    expect(vault.version).toBe(1);
    expect(vault.header.slots).toHaveLength(1);
    const slot = vault.header.slots[0];
    expect(Object.keys(slot)).toEqual([
      'type',
      'uuid',
      'key',
      'key_params',
      'n',
      'r',
      'p',
      'salt',
      'repaired',
      'is_backup',
    ]);
    expect(slot).toMatchObject({ type: 1, n: 1024, r: 8, p: 1, repaired: true, is_backup: false });
    expect(slot.uuid).toMatch(UUID_V4);
    expect(slot.key).toMatch(/^[0-9a-f]{64}$/); // 32-byte master key, tag kept apart
    expect(slot.salt).toMatch(/^[0-9a-f]{64}$/);
    expect(slot.key_params.nonce).toMatch(/^[0-9a-f]{24}$/);
    expect(slot.key_params.tag).toMatch(/^[0-9a-f]{32}$/);
    expect(vault.header.params.nonce).toMatch(/^[0-9a-f]{24}$/);
    expect(vault.header.params.tag).toMatch(/^[0-9a-f]{32}$/);
    expect(vault.db).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(vault.db.length % 4).toBe(0); // padded base64
    expect(db.version).toBe(3);
    expect(db.entries.map((e: { issuer: string }) => e.issuer)).toEqual(accounts.map((a) => a.otp.issuer));

    const back = await importBack(text, 'pässwörd');
    expect(back.detection).toMatchObject({ encrypted: true, kdf: { algorithm: 'scrypt', iterations: 1024 } });
    expectSameAccounts(back);
    await expect(importBack(text, 'passwörd')).rejects.toMatchObject({ code: 'wrong-password' });
  });

  it('uses Aegis’s default scrypt cost (N = 2^15, r = 8, p = 1) unless told otherwise', async () => {
    const text = await writeAegisVault(accounts.slice(0, 1), { random, password: 'pw' });
    const slot = JSON.parse(text).header.slots[0];
    expect({ N: slot.n, r: slot.r, p: slot.p }).toEqual(AEGIS_SCRYPT);
    expect(nodeDecrypt(text, 'pw').db.entries).toHaveLength(1);
  });

  it('takes all randomness from the parameter', async () => {
    const seeded = () => {
      let i = 0;
      return (n: number) => new Uint8Array(createHash('sha512').update(String(i++)).digest().subarray(0, n));
    };
    const a = await writeAegisVault(accounts, { random: seeded(), password: 'pw', scrypt: CHEAP });
    const b = await writeAegisVault(accounts, { random: seeded(), password: 'pw', scrypt: CHEAP });
    expect(a).toBe(b);
    expect(uuidV4(() => new Uint8Array(16))).toBe('00000000-0000-4000-8000-000000000000');
    await expect(writeAegisVault(accounts, { random, password: '' })).rejects.toMatchObject({ code: 'no-password' });
  });
});
