import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { winauthImporter } from '../../../lib/import/formats/winauth';
import { sniffFile } from '../../../lib/import/sniff';
import { ImportError, type ReadOptions, type SniffedFile } from '../../../lib/import/types';
import { listZip } from '../../../lib/import/zip-directory';
import { english, failure, read as readAs } from './other-formats';

const dir = join(__dirname, '../../fixtures/import/winauth');
const bytes = (name: string) => new Uint8Array(readFileSync(join(dir, name)));
const load = (name: string) => sniffFile(name, bytes(name));
const ascii = (s: string) => new TextEncoder().encode(s);
const PASSWORD = 'correct horse';

const read = (file: SniffedFile, options: ReadOptions = {}) => readAs(winauthImporter, file, options);

describe('WinAuth and Authenticator Plus ZIPs', () => {
  it('lists a ZIP central directory without decrypting', () => {
    expect(listZip(bytes('winauth.zip'))).toEqual([{ name: 'winauth-2025-01-31.txt', encrypted: true, aes: false }]);
    expect(listZip(bytes('other.zip'))?.map((e) => e.name)).toEqual(['readme.txt', 'data.json']);
    expect(listZip(bytes('winauth.zip').subarray(0, 40))).toBeUndefined();
  });

  it('detects ZIPs, encrypted or not, and nothing else', () => {
    const zipcrypto = { algorithm: 'zipcrypto', memoryBytes: 0, iterations: 1 };
    expect(english(winauthImporter.detect(load('winauth.zip')))).toEqual({
      encrypted: true,
      variant: 'ZIP',
      kdf: zipcrypto,
    });
    expect(english(winauthImporter.detect(load('winauth-unencrypted.zip')))).toEqual({
      encrypted: false,
      variant: 'ZIP',
    });
    expect(english(winauthImporter.detect(load('authenticator-plus.zip')))).toMatchObject({
      encrypted: true,
      variant: 'ZIP (Authenticator Plus)',
    });
    for (const text of ['{"a":1}', 'otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP', 'PK']) {
      expect(winauthImporter.detect(sniffFile('x', ascii(text)))).toBe(false);
    }
  });

  it('reads the URI list inside an encrypted ZIP; a bad line is a problem', async () => {
    const stages: string[] = [];
    const { entries, problems } = await read(load('winauth.zip'), {
      password: PASSWORD,
      onProgress: (s) => stages.push(s.stage),
    });
    expect(stages).toEqual(['deriving-key', 'decrypting']);
    expect(entries.map((e) => [e.params.kind, e.params.issuer, e.params.account])).toEqual([
      ['totp', '', 'Authenticator'],
      ['totp', 'Battle.net', 'EU-1234-5678-9012'],
      ['hotp', 'Counter', 'carol'],
    ]);
    expect(Buffer.from(entries[0]?.params.secret ?? []).toString()).toBe('12345678901234567890');
    expect(entries[0]?.params).toMatchObject({ algorithm: 'SHA1', digits: 6, period: 30 });
    expect(entries[1]?.params).toMatchObject({ digits: 8, period: 30 });
    expect(entries[2]?.params).toMatchObject({ counter: 5n });
    expect(entries[0]?.warnings).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(english(problems[0])).toMatchObject({ index: 3, label: 'Broken', unsupported: false });
    expect(problems[0]?.message.english).toMatch(/secret/);
  });

  it('reads an unencrypted ZIP and an Authenticator Plus ZIP', async () => {
    const plain = await read(load('winauth-unencrypted.zip'));
    expect(plain).toEqual(await read(load('winauth.zip'), { password: PASSWORD }));
    const plus = await read(load('authenticator-plus.zip'), { password: PASSWORD });
    expect(plus.entries.map((e) => [e.params.issuer, e.params.account])).toEqual([['Example', 'dave']]);
  });

  it('asks for the password and refuses a wrong one', async () => {
    expect((await failure(read(load('winauth.zip')))).code).toBe('needs-password');
    expect((await failure(read(load('winauth.zip'), { password: 'wrong horse' }))).code).toBe('wrong-password');
    // ZipCrypto checks only one byte: try passwords until one passes it; the CRC must still refuse it.
    for (let i = 0; i < 40; i++)
      expect((await failure(read(load('winauth.zip'), { password: `guess ${i}` }))).code).toBe('wrong-password');
  });

  it('refuses a ZIP without a WinAuth or Authenticator Plus text file, saying so', async () => {
    const other = await failure(read(load('other.zip')));
    expect(other.code).toBe('unsupported');
    expect(other.message).toMatch(/otpauth/);
    const noText = await failure(read(load('no-text.zip'), { password: PASSWORD }));
    expect(noText.code).toBe('unsupported');
    expect(noText.message).toMatch(/WinAuth/);
  });

  it('calls a cut-short ZIP damaged', async () => {
    const zip = bytes('winauth.zip');
    expect(
      (await failure(read(sniffFile('w.zip', zip.subarray(0, zip.length - 30)), { password: PASSWORD }))).code,
    ).toBe('damaged');
  });

  it('never throws anything but ImportError on mutated ZIPs', async () => {
    const zip = bytes('winauth-unencrypted.zip');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: zip.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, x) => {
        const changed = zip.slice();
        changed[at] = (changed[at] ?? 0) ^ x;
        const file = sniffFile('w.zip', changed);
        const detection = winauthImporter.detect(file);
        if (!detection) return;
        try {
          await winauthImporter.read(file, detection, { password: PASSWORD });
        } catch (e) {
          expect(e).toBeInstanceOf(ImportError);
        }
      }),
      { numRuns: 150 },
    );
  });
});
