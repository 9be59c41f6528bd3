import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { argon2id as argon2idWasm } from 'hash-wasm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BackupError, readBackup, readBackupHeader } from '../../../lib/backup/format';
import { CappedWriter } from '../../../lib/import/zip-read';
import { importFile } from '../../../lib/import/registry';
import { ImportError } from '../../../lib/import/types';
import {
  checkLineCount,
  MAX_ENTRIES,
  MAX_LINES,
  MAX_PASSWORD_SLOTS,
  MAX_PROBLEMS_LISTED,
  PBKDF2_MAX_ITERATIONS,
  ZIP_MAX_ENTRIES,
  ZIP_MAX_ENTRY_BYTES,
  ZIP_MAX_UNPACKED_BYTES,
} from '../../../lib/limits';
import { craftZip } from './zip-craft';

// Every derivation goes through these two spies: "refused before deriving" is asserted as "never called".
vi.mock('@noble/hashes/scrypt.js', async (original) => {
  const real = await original<typeof import('@noble/hashes/scrypt.js')>();
  return { ...real, scryptAsync: vi.fn(real.scryptAsync) };
});
vi.mock('hash-wasm', async (original) => {
  const real = await original<typeof import('hash-wasm')>();
  return { ...real, argon2id: vi.fn(real.argon2id) };
});

const fixtures = join(__dirname, '../../fixtures/import');
const fixture = (format: string, name: string) => readFileSync(join(fixtures, format, name), 'utf8');
const bytes = (s: string) => new TextEncoder().encode(s);
const b64 = (n: number, fill = 7) => Buffer.alloc(n, fill).toString('base64');

async function importError(p: Promise<unknown>): Promise<ImportError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof ImportError)) throw new Error(`expected an ImportError, got ${String(e)}`);
  return e;
}

/** A Twofold backup container with the given scrypt parameters: nothing else needs to be real to be refused. */
function backupWith(N: number, r: number, p: number): string {
  return JSON.stringify({
    format: 'twofold-backup',
    version: 1,
    created: 1_700_000_000_000,
    accounts: 1,
    kdf: { name: 'scrypt', N, r, p, salt: b64(32) },
    cipher: { name: 'AES-256-GCM', nonce: b64(12) },
    data: b64(64),
  });
}

beforeEach(() => {
  vi.mocked(scryptAsync).mockClear();
  vi.mocked(argon2idWasm).mockClear();
});

describe('key-derivation caps on Twofold backups (issue 14 finding 10)', () => {
  it('refuses the crafted header N=2^20, r=15, p=4 (1.9 GiB) before any derivation, naming scrypt memory', async () => {
    const file = backupWith(2 ** 20, 15, 4);
    expect(() => readBackupHeader(file)).toThrow(BackupError);
    const e = await readBackup(file, 'any password').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(BackupError);
    expect((e as BackupError).code).toBe('scrypt-memory');
    expect((e as BackupError).text?.key).toBe('caps_scrypt_memory');
    expect((e as BackupError).message).toContain('N=1048576, r=15');
    expect((e as BackupError).message).toContain('256 MiB');
    expect(scryptAsync).not.toHaveBeenCalled();
  });

  it('refuses work over the cap even when the memory fits (N=2^17, r=16, p=4: 256 MiB, N·r·p = 2^23)', async () => {
    const e = await readBackup(backupWith(2 ** 17, 16, 4), 'pw').catch((err: unknown) => err);
    expect((e as BackupError).code).toBe('scrypt-work');
    expect((e as BackupError).message).toContain('8388608');
    expect(scryptAsync).not.toHaveBeenCalled();
  });

  it('accepts Twofold’s own parameters (N=2^17, r=8, p=1) as far as the header goes', () => {
    expect(readBackupHeader(backupWith(2 ** 17, 8, 1)).kdf).toMatchObject({ N: 2 ** 17, r: 8, p: 1 });
  });

  it('refuses the same crafted backup through Import with the same code, before deriving', async () => {
    const e = await importError(importFile('backup.json', bytes(backupWith(2 ** 20, 15, 4)), { password: 'pw' }));
    expect(e.code).toBe('scrypt-memory');
    expect(scryptAsync).not.toHaveBeenCalled();
  });
});

describe('key-derivation caps on every importer', () => {
  it('Aegis: a slot of 1 GiB scrypt is refused before deriving', async () => {
    const vault = JSON.parse(fixture('aegis', 'encrypted.json'));
    for (const slot of vault.header.slots) if (slot.type === 1) Object.assign(slot, { n: 2 ** 20, r: 8, p: 1 });
    const e = await importError(importFile('aegis.json', bytes(JSON.stringify(vault)), { password: 'wrong' }));
    expect(e.code).toBe('scrypt-memory');
    expect(scryptAsync).not.toHaveBeenCalled();
  });

  it(`Aegis: of 1 000 password slots, at most ${MAX_PASSWORD_SLOTS} are tried on a wrong password`, async () => {
    const vault = JSON.parse(fixture('aegis', 'encrypted.json'));
    const slot = vault.header.slots.find((s: { type: number }) => s.type === 1);
    // Cheap slots (N=2^4): the test counts derivations, it does not wait for them.
    const cheap = { ...slot, n: 16, r: 8, p: 1, repaired: true };
    vault.header.slots = Array.from({ length: 1000 }, () => cheap);
    const e = await importError(importFile('aegis.json', bytes(JSON.stringify(vault)), { password: 'wrong' }));
    expect(e.code).toBe('too-many-slots');
    expect(e.message).toContain(`first ${MAX_PASSWORD_SLOTS}`);
    expect(e.message).toContain('1000');
    expect(vi.mocked(scryptAsync).mock.calls.length).toBe(MAX_PASSWORD_SLOTS);
  });

  it('Ente: Argon2 of 1 GiB × 5 passes (over 4 GiB·passes) and of 2 GiB are refused before deriving', async () => {
    const file = JSON.parse(fixture('ente', 'encrypted.json'));
    file.kdfParams = { ...file.kdfParams, memLimit: 2 ** 30, opsLimit: 5 };
    let e = await importError(importFile('ente.json', bytes(JSON.stringify(file)), { password: 'pw' }));
    expect(e.code).toBe('argon2-work');
    file.kdfParams = { ...file.kdfParams, memLimit: 2 ** 31, opsLimit: 1 };
    e = await importError(importFile('ente.json', bytes(JSON.stringify(file)), { password: 'pw' }));
    expect(e.code).toBe('argon2-memory');
    expect(argon2idWasm).not.toHaveBeenCalled();
  });

  it('Bitwarden: PBKDF2 iterations over the cap are refused, naming the count and the cap', async () => {
    const file = JSON.parse(fixture('bitwarden', 'bitwarden-pbkdf2.json'));
    file.kdfIterations = PBKDF2_MAX_ITERATIONS + 1;
    const e = await importError(importFile('bw.json', bytes(JSON.stringify(file)), { password: 'pw' }));
    expect(e.code).toBe('pbkdf2-iterations');
    expect(e.text.subs).toEqual([PBKDF2_MAX_ITERATIONS + 1, PBKDF2_MAX_ITERATIONS]);
  });
});

describe('ZIP caps (WinAuth, Authenticator Plus)', () => {
  const link = bytes('otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example\n');

  it('refuses the 742 KB bomb of sixty 4 MiB entries by the declared sizes, before inflating', async () => {
    const fourMiB = new Uint8Array(4 * 2 ** 20).fill(0x61);
    const zip = craftZip(Array.from({ length: 60 }, (_, i) => ({ name: `winauth-${i}.txt`, content: fourMiB })));
    expect(zip.length).toBeLessThan(1_000_000);
    const e = await importError(importFile('export.zip', zip));
    expect(e.code).toBe('zip-unpacked-size');
  });

  it('stops an entry that declares 100 bytes and inflates to 5 MiB (a lie is a damaged file)', async () => {
    const zip = craftZip([{ name: 'winauth.txt', content: new Uint8Array(5 * 2 ** 20).fill(0x61), declaredSize: 100 }]);
    const e = await importError(importFile('export.zip', zip));
    expect(e.code).toBe('damaged');
    expect(e.message).toContain('winauth.txt');
  });

  it('counts bytes while inflating, whatever the headers declared: per entry and in total', async () => {
    const entry = new CappedWriter('winauth.txt', 0);
    await entry.init(100);
    await entry.writeUint8Array(new Uint8Array(ZIP_MAX_ENTRY_BYTES));
    await expect(entry.writeUint8Array(new Uint8Array(1))).rejects.toMatchObject({ code: 'zip-entry-size' });
    await expect(new CappedWriter('big.txt', 0).init(ZIP_MAX_ENTRY_BYTES + 1)).rejects.toMatchObject({
      code: 'zip-entry-size',
    });
    const last = new CappedWriter('third.txt', ZIP_MAX_UNPACKED_BYTES - 10);
    await last.init(0);
    await expect(last.writeUint8Array(new Uint8Array(11))).rejects.toMatchObject({ code: 'zip-unpacked-size' });
  });

  it(`refuses more than ${ZIP_MAX_ENTRIES} entries`, async () => {
    const zip = craftZip(
      Array.from({ length: ZIP_MAX_ENTRIES + 1 }, (_, i) => ({ name: `winauth-${i}.txt`, content: link })),
    );
    const e = await importError(importFile('export.zip', zip));
    expect(e.code).toBe('zip-entries');
  });

  it('still reads a ZIP within the caps', async () => {
    const result = await importFile('export.zip', craftZip([{ name: 'winauth-2024-01-01.txt', content: link }]));
    expect(result.entries).toHaveLength(1);
  });
});

describe('line, entry and problem caps (text formats)', () => {
  const good = (i: number) =>
    `otpauth://totp/Example:user${i}?secret=JBSWY3DPEHPK3PXP${'A'.repeat(i % 7)}&issuer=Example`;

  it(`refuses a link list of more than ${MAX_LINES} lines, counted before splitting`, async () => {
    const e = await importError(importFile('links.txt', bytes(`${good(1)}\n`.repeat(MAX_LINES + 1))));
    expect(e.code).toBe('too-many-lines');
  });

  it('counts lines broken by CR alone too', () => {
    expect(() => checkLineCount('x\r'.repeat(MAX_LINES + 1))).toThrow(
      expect.objectContaining({ code: 'too-many-lines' }),
    );
    expect(() => checkLineCount('x\n'.repeat(MAX_LINES - 1))).not.toThrow();
  });

  it(`refuses a list of more than ${MAX_ENTRIES} accounts`, async () => {
    const lines = Array.from({ length: MAX_ENTRIES + 1 }, (_, i) => good(i)).join('\n');
    const e = await importError(importFile('links.txt', bytes(lines)));
    expect(e.code).toBe('too-many-entries');
  });

  it(`lists at most ${MAX_PROBLEMS_LISTED} problems and counts the rest in the last one`, async () => {
    const bad = Array.from({ length: 500 }, (_, i) => `otpauth://totp/Bad:${i}?secret=1`);
    const result = await importFile('links.txt', bytes([good(0), ...bad].join('\n')));
    expect(result.entries).toHaveLength(1);
    expect(result.problems).toHaveLength(MAX_PROBLEMS_LISTED);
    const last = result.problems.at(-1);
    expect(last?.message.key).toBe('caps_more_problems');
    expect(last?.message.subs).toEqual([500 - (MAX_PROBLEMS_LISTED - 1)]);
  });
});
