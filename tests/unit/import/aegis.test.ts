import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aegisImporter } from '../../../lib/import/formats/aegis';
import { legacyPasswordBytes } from '../../../lib/import/formats/aegis-slots';
import { sniffFile } from '../../../lib/import/sniff';
import { ImportError, type ReadOptions, type SniffedFile } from '../../../lib/import/types';
import { english, failure, read as readAs } from './other-formats';

// Fixtures: tests/fixtures/import/aegis/make.mjs (independent Node implementation; SOURCE.md).
const dir = join(__dirname, '../../fixtures/import/aegis');
const fixture = (name: string) => sniffFile(name, new Uint8Array(readFileSync(join(dir, name))));
const PASSWORD = 'correct horse';
const text = (s: string) => new TextEncoder().encode(s);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

const read = (file: SniffedFile, options: ReadOptions = {}) => readAs(aegisImporter, file, options);

const jsonFile = (value: unknown, name = 'aegis.json') => sniffFile(name, text(JSON.stringify(value)));

describe('Aegis detection', () => {
  it('recognises plain and encrypted vaults, with the scrypt cost of the first password slot', () => {
    expect(english(aegisImporter.detect(fixture('plain-v3.json')))).toEqual({ encrypted: false, variant: 'vault' });
    expect(english(aegisImporter.detect(fixture('encrypted.json')))).toEqual({
      encrypted: true,
      variant: 'vault',
      kdf: { algorithm: 'scrypt', memoryBytes: 128 * 8 * (1024 + 1), iterations: 1024 },
    });
  });

  it('says no to other formats', () => {
    for (const other of [
      { services: [], schemaVersion: 4 },
      [{ secret: 'JBSWY3DP', type: 'TOTP', label: 'x' }],
      { encrypted: false, items: [] },
      { tokenOrder: [], tokens: [] },
      { version: 1, entries: [] },
      { version: 1, header: {}, db: {} },
    ])
      expect(aegisImporter.detect(jsonFile(other))).toBe(false);
    expect(aegisImporter.detect(sniffFile('x.txt', text('otpauth://totp/a?secret=JBSWY3DP')))).toBe(false);
    expect(aegisImporter.detect(sniffFile('x.bin', new Uint8Array([0, 2, 0x2a, 0x55, 1, 2, 3])))).toBe(false);
  });
});

describe('Aegis plain vaults', () => {
  it('reads db v3: every type, notes, favourites, group names; bad and unsupported entries become problems', async () => {
    const { entries, problems } = await read(fixture('plain-v3.json'));
    expect(entries.map((e) => [e.params.issuer, e.params.account])).toEqual([
      ['GitHub', 'alice@example.com'],
      ['Example Bank', 'alice'],
      ['Example VPN', 'alice'],
      ['Steam', 'gabe'],
      ['Legacy MD5', 'erin'],
    ]);
    const [github, bank, vpn, steam, md5] = entries;
    expect(github?.params).toEqual({
      kind: 'totp',
      secret: text('12345678901234567890'),
      issuer: 'GitHub',
      account: 'alice@example.com',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    });
    expect(github?.notes).toBe('recovery codes in the safe');
    expect(github?.pinned).toBe(true);
    expect(github?.groups).toEqual(['Work', 'Home']);
    expect(bank?.params).toMatchObject({ kind: 'totp', algorithm: 'SHA256', digits: 8, period: 60 });
    expect(hex(bank?.params.secret ?? new Uint8Array())).toBe(hex(text('12345678901234567890123456789012')));
    expect(bank?.groups).toEqual([]); // its only group uuid is not in the group list
    expect(bank?.pinned).toBe(false);
    expect(vpn?.params).toMatchObject({ kind: 'hotp', algorithm: 'SHA512', digits: 8, counter: 42n });
    expect(steam?.params.kind).toBe('steam');
    expect(steam?.params.secret.length).toBe(20);
    expect(steam?.groups).toEqual(['Home']);
    expect(md5?.params).toMatchObject({ kind: 'totp', algorithm: 'SHA1' });
    expect(md5?.warnings.map((w) => w.english).join(' ')).toMatch(/MD5.*SHA-1/);
    expect(md5?.warnings.map((w) => w.english).join(' ')).toMatch(/archived/);

    expect(problems.map((p) => [p.index, p.label.english, p.unsupported])).toEqual([
      [4, 'Old VPN (bob)', true],
      [5, 'Yandex (carol)', true],
      [6, 'Broken (dave)', false],
      [8, 'Too Long (frank)', false],
    ]);
    expect(problems[0]?.message.english).toMatch(/mOTP/);
    expect(problems[1]?.message.english).toMatch(/Yandex/);
    expect(problems[2]?.message.english).toMatch(/base32/);
    expect(problems[3]?.message.english).toMatch(/12 digits/);
  });

  it('reads db v2 per-entry group names and db v1', async () => {
    const v2 = await read(fixture('plain-v2.json'));
    expect(v2.problems).toEqual([]);
    expect(v2.entries.map((e) => [e.params.kind, e.groups])).toEqual([
      ['totp', ['Work']],
      ['hotp', []],
      ['steam', ['Work']],
    ]);
    expect(v2.entries[1]?.params).toMatchObject({ counter: 7n });
    const v1 = await read(fixture('plain-v1.json'));
    expect(v1.entries).toHaveLength(1);
    expect(v1.entries[0]?.params).toMatchObject({ issuer: 'GitHub', account: 'alice@example.com' });
  });

  it('refuses newer file and db versions', async () => {
    const vault = JSON.parse(readFileSync(join(dir, 'plain-v1.json'), 'utf8'));
    const newerFile = await failure(read(jsonFile({ ...vault, version: 2 })));
    expect(newerFile.code).toBe('newer-version');
    expect(newerFile.message).toMatch(/file version 2/);
    const newerDb = await failure(read(jsonFile({ ...vault, db: { ...vault.db, version: 4 } })));
    expect(newerDb.code).toBe('newer-version');
    expect(newerDb.message).toMatch(/version 4/);
  });

  it('names what is missing in a damaged vault', async () => {
    const vault = JSON.parse(readFileSync(join(dir, 'plain-v1.json'), 'utf8'));
    expect((await failure(read(jsonFile({ ...vault, version: 'one' })))).code).toBe('damaged');
    const noEntries = await failure(read(jsonFile({ ...vault, db: { version: 3 } })));
    expect(noEntries.code).toBe('damaged');
    expect(noEntries.message).toMatch(/no entry list/);
    const entries = await read(jsonFile({ ...vault, db: { version: 3, entries: [42, { type: 'totp' }] } }));
    expect(entries.entries).toEqual([]);
    expect(entries.problems.map((p) => [p.label.english, p.unsupported])).toEqual([
      ['Entry 1', false],
      ['Entry 2', false],
    ]);
  });
});

describe('Aegis encrypted vaults', () => {
  it('tries every password slot and decrypts the entries', async () => {
    const stages: string[] = [];
    const { entries, problems } = await read(fixture('encrypted.json'), {
      password: PASSWORD,
      onProgress: (s) => stages.push(s.stage),
    });
    expect(entries).toHaveLength(5);
    expect(problems).toHaveLength(4);
    expect(entries[0]?.params).toMatchObject({ issuer: 'GitHub', account: 'alice@example.com' });
    expect(entries[0]?.groups).toEqual(['Work', 'Home']);
    // One derivation per password slot tried (the first one is for another password).
    expect(stages).toEqual(['deriving-key', 'deriving-key', 'decrypting', 'reading-entries']);
    const other = await read(fixture('encrypted.json'), { password: 'another password' });
    expect(other.entries).toHaveLength(5);
  });

  it('wrong password, no password, cut short', async () => {
    const wrong = await failure(read(fixture('encrypted.json'), { password: 'Correct horse' }));
    expect(wrong.code).toBe('wrong-password');
    expect(wrong.message).toMatch(/2 password slots/);
    expect((await failure(read(fixture('encrypted.json')))).code).toBe('needs-password');
    const vault = JSON.parse(readFileSync(join(dir, 'encrypted.json'), 'utf8'));
    const cut = await failure(read(jsonFile({ ...vault, db: vault.db.slice(0, 40) }), { password: PASSWORD }));
    expect(cut.code).toBe('damaged');
    const badHex = structuredClone(vault);
    badHex.header.params.nonce = 'zz';
    const bad = await failure(read(jsonFile(badHex), { password: PASSWORD }));
    expect(bad.code).toBe('damaged');
    expect(bad.message).toMatch(/header\.params\.nonce/);
  });

  it('refuses too much scrypt memory before deriving', async () => {
    const e = await failure(read(fixture('encrypted.json'), { password: PASSWORD, maxKdfMemory: 1024 }));
    expect(e.code).toBe('out-of-memory');
  });

  it('opens a slot wrapped before Aegis fixed its password encoding (issue #95)', async () => {
    const { entries } = await read(fixture('encrypted-legacy.json'), {
      password: 'a long passphrase of forty characters!!!',
    });
    expect(entries).toHaveLength(1);
    expect((await failure(read(fixture('encrypted-legacy.json'), { password: PASSWORD }))).code).toBe('wrong-password');
  });

  it('encodes passwords like Java did before issue #95', () => {
    expect(legacyPasswordBytes('abc', 2)).toEqual(new Uint8Array([97, 98, 99, 0, 0, 0]));
    expect(legacyPasswordBytes('abcdefghij', 1.1)).toEqual(new Uint8Array([...text('abcdefghij'), 0]));
    // 3 UTF-8 bytes per char do not fit 2 per char: the buffer grows to 2n + 1.
    expect(legacyPasswordBytes('日本', 2)).toHaveLength(9);
  });

  it('refuses newer db versions inside the encryption', async () => {
    const e = await failure(read(fixture('encrypted-db-v4.json'), { password: PASSWORD }));
    expect(e.code).toBe('newer-version');
  });

  it('explains a vault that only a fingerprint opens', async () => {
    const e = await failure(read(fixture('biometric-only.json'), { password: PASSWORD }));
    expect(e.code).toBe('unsupported');
    expect(e.message).toMatch(/fingerprint/);
  });
});

describe('Aegis: malformed input only ever gives ImportError', () => {
  const samples = ['plain-v3.json', 'encrypted.json'].map((n) => readFileSync(join(dir, n), 'utf8'));
  const options = { password: PASSWORD, maxKdfMemory: 2 * 1024 * 1024 };

  async function expectOnlyImportErrors(file: SniffedFile) {
    let detection: ReturnType<typeof aegisImporter.detect>;
    try {
      detection = aegisImporter.detect(file);
    } catch (e) {
      throw new Error(`detect threw ${e}`);
    }
    if (!detection) return;
    try {
      await aegisImporter.read(file, detection, options);
    } catch (e) {
      if (!(e instanceof ImportError)) throw e;
    }
  }

  it('mutated vaults', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...samples), fc.nat(), fc.string({ maxLength: 8 }), async (s, at, insert) => {
        const i = at % s.length;
        await expectOnlyImportErrors(sniffFile('v.json', text(s.slice(0, i) + insert + s.slice(i + insert.length))));
      }),
      { numRuns: 60 },
    );
  });

  it('JSON values in vault shape', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.jsonValue(), fc.jsonValue(), async (version, header, db) => {
        const h = typeof header === 'object' && header !== null && !Array.isArray(header) ? header : {};
        await expectOnlyImportErrors(jsonFile({ version, header: { slots: null, params: null, ...h }, db }));
        await expectOnlyImportErrors(
          jsonFile({ version: 1, header: { slots: null, params: null }, db: { version: 3, entries: [db] } }),
        );
      }),
      { numRuns: 200 },
    );
  });
});
