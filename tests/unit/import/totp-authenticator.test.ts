import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { totpAuthenticatorImporter } from '../../../lib/import/formats/totp-authenticator';
import { sniffFile } from '../../../lib/import/sniff';
import { ImportError, type ReadOptions, type SniffedFile } from '../../../lib/import/types';
import { failure, read as readAs } from './other-formats';

const dir = join(__dirname, '../../fixtures/import/totp-authenticator');
const load = (name: string) => sniffFile(name, new Uint8Array(readFileSync(join(dir, name))));
const ascii = (s: string) => new TextEncoder().encode(s);
const PASSWORD = 'correct horse';

const read = (file: SniffedFile, options: ReadOptions = {}) => readAs(totpAuthenticatorImporter, file, options);

describe('TOTP Authenticator backups', () => {
  it('detects base64 text of whole AES blocks, wrapped or not', () => {
    const kdf = { algorithm: 'sha256', memoryBytes: 0, iterations: 1 };
    expect(totpAuthenticatorImporter.detect(load('backup.bin'))).toEqual({
      encrypted: true,
      passwordOptional: true,
      kdf,
    });
    expect(totpAuthenticatorImporter.detect(load('wrapped.bin'))).toEqual({
      encrypted: true,
      passwordOptional: true,
      kdf,
    });
  });

  it('does not claim JSON, URI lists, short base64 or base64 of a partial block', () => {
    const others = [
      '{"services":[]}',
      'otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP',
      'JBSWY3DPEHPK3PXP',
      Buffer.alloc(48).toString('base64'),
      Buffer.alloc(70).toString('base64'),
      `${Buffer.alloc(64).toString('base64')} not base64!`,
    ];
    for (const text of others) expect(totpAuthenticatorImporter.detect(sniffFile('x', ascii(text)))).toBe(false);
    expect(totpAuthenticatorImporter.detect(sniffFile('x', new Uint8Array(64).fill(0xff)))).toBe(false);
  });

  it('reads hex, base32 and base64 keys, string digits and periods, groups and favourites', async () => {
    const { entries, problems } = await read(load('backup.bin'), { password: PASSWORD });
    expect(entries.map((e) => [e.params.issuer, e.params.account, e.groups, e.pinned])).toEqual([
      ['GitHub', 'alice', ['personal'], true],
      ['Example', 'bob', ['work'], false],
      ['Sixty Four', 'carol', [], false],
      ['Unknown', 'noissuer', [], false],
    ]);
    const [github, example, sixtyFour, unknown] = entries;
    expect(Buffer.from(github?.params.secret ?? []).toString()).toBe('12345678901234567890');
    expect(github?.params).toMatchObject({ kind: 'totp', algorithm: 'SHA1', digits: 6, period: 30 });
    expect(Buffer.from(example?.params.secret ?? []).toString()).toBe('12345678901234567890');
    expect(example?.params).toMatchObject({ kind: 'totp', algorithm: 'SHA1', digits: 8, period: 60 });
    expect(sixtyFour?.params.secret).toHaveLength(20);
    expect(unknown?.params.secret).toHaveLength(10);
    expect(problems.map((p) => [p.index, p.label.english, p.unsupported])).toEqual([
      [4, 'Decimal (dave)', false],
      [5, 'Broken (hex)', false],
    ]);
    expect(problems[0]?.message.english).toMatch(/base 10/);
    expect(problems[1]?.message.english).toMatch(/base 16/);
  });

  it('honours digits and period other than 6 / 30 (7 / 20, 8 / 50), "" meaning the default', async () => {
    const { entries, problems } = await read(load('digits-period.bin'), { password: PASSWORD });
    expect(problems).toEqual([]);
    expect(entries.map((e) => e.params)).toMatchObject([
      { kind: 'totp', issuer: 'Deno', account: 'mason', algorithm: 'SHA1', digits: 6, period: 30 },
      { kind: 'totp', issuer: 'SPDX', account: 'james', algorithm: 'SHA1', digits: 7, period: 20 },
      { kind: 'totp', issuer: 'Airbnb', account: 'elijah', algorithm: 'SHA1', digits: 8, period: 50 },
      { kind: 'totp', issuer: 'Ωmega', account: 'zoë', algorithm: 'SHA1', digits: 6, period: 30 },
    ]);
    // The format carries digits and period, so an import may change an existing account's (lib/otp/carried.ts).
    expect(totpAuthenticatorImporter.carries).toEqual(expect.arrayContaining(['digits', 'period']));
  });

  it('accepts Base64.DEFAULT line wrapping', async () => {
    const wrapped = await read(load('wrapped.bin'), { password: PASSWORD });
    expect(wrapped).toEqual(await read(load('backup.bin'), { password: PASSWORD }));
  });

  it('opens a backup made without a password (the app default) without asking', async () => {
    const result = await read(load('default-password.bin'));
    expect(result).toEqual(await read(load('backup.bin'), { password: PASSWORD }));
  });

  it('asks for the password when the default does not open it, and refuses a wrong one', async () => {
    const asked = await failure(read(load('backup.bin')));
    expect(asked.code).toBe('needs-password');
    expect(asked.message).toMatch(/TotpAuthenticator/);
    expect((await failure(read(load('backup.bin'), { password: 'wrong horse' }))).code).toBe('wrong-password');
  });

  it('calls a decrypted file without a token list damaged', async () => {
    const err = await failure(read(load('not-tokens.bin'), { password: PASSWORD }));
    expect(err.code).toBe('damaged');
  });

  it('never throws anything but ImportError on mutated backups', async () => {
    const text = readFileSync(join(dir, 'default-password.bin'), 'utf8');
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: text.length - 1 }),
        fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\n'),
        async (at, c) => {
          const file = sniffFile('x.bin', ascii(text.slice(0, at) + c + text.slice(at + 1)));
          const detection = totpAuthenticatorImporter.detect(file);
          if (!detection) return;
          try {
            await totpAuthenticatorImporter.read(file, detection, {});
          } catch (e) {
            expect(e).toBeInstanceOf(ImportError);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
