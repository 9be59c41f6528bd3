import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { twofasImporter } from '../../../lib/import/formats/twofas';
import { sniffFile } from '../../../lib/import/sniff';
import { ImportError, type ReadOptions, type SniffedFile } from '../../../lib/import/types';
import { english, failure, read as readAs } from './other-formats';

// Fixtures: tests/fixtures/import/twofas/make.mjs (independent Node implementation; SOURCE.md).
const dir = join(__dirname, '../../fixtures/import/twofas');
const fixture = (name: string) => sniffFile(name, new Uint8Array(readFileSync(join(dir, name))));
const fixtureJson = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));
const PASSWORD = 'correct horse';
const text = (s: string) => new TextEncoder().encode(s);
const jsonFile = (value: unknown) => sniffFile('backup.2fas', text(JSON.stringify(value)));

const read = (file: SniffedFile, options: ReadOptions = {}) => readAs(twofasImporter, file, options);

describe('2FAS detection', () => {
  it('recognises plain and encrypted backups', () => {
    expect(english(twofasImporter.detect(fixture('schema4-plain.2fas')))).toEqual({
      encrypted: false,
      variant: 'backup, schema 4',
    });
    expect(english(twofasImporter.detect(fixture('schema4-encrypted.2fas')))).toEqual({
      encrypted: true,
      variant: 'backup, schema 4',
      kdf: { algorithm: 'pbkdf2', memoryBytes: 0, iterations: 10_000 },
    });
    expect(twofasImporter.detect(fixture('schema1-plain.2fas'))).toMatchObject({ encrypted: false });
  });

  it('says no to other formats', () => {
    for (const other of [
      { version: 1, header: { slots: null, params: null }, db: { version: 3, entries: [] } },
      [{ secret: 'JBSWY3DP', type: 'TOTP', label: 'x' }],
      { encrypted: false, items: [] },
      { services: [] },
      { schemaVersion: 4 },
    ])
      expect(twofasImporter.detect(jsonFile(other))).toBe(false);
    expect(twofasImporter.detect(sniffFile('x.txt', text('otpauth://totp/a?secret=JBSWY3DP')))).toBe(false);
  });
});

describe('2FAS backups', () => {
  it('reads schema 4: TOTP, HOTP, Steam, group names; issuer from the service name', async () => {
    const { entries, problems } = await read(fixture('schema4-plain.2fas'));
    expect(entries.map((e) => [e.params.kind, e.params.issuer, e.params.account])).toEqual([
      ['totp', 'GitHub', 'alice'],
      ['totp', 'Example Bank', 'alice'],
      ['hotp', 'Example VPN', 'bob'],
      ['steam', 'Steam', 'gabe'],
      ['totp', 'Fallback', 'carol'],
    ]);
    const [github, bank, vpn, steam, fallback] = entries;
    expect(github?.params).toEqual({
      kind: 'totp',
      secret: text('12345678901234567890'),
      issuer: 'GitHub',
      account: 'alice',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    });
    expect(github?.groups).toEqual(['Work']);
    expect(bank?.params).toMatchObject({ algorithm: 'SHA256', digits: 8, period: 60 });
    expect(bank?.params.secret).toEqual(text('12345678901234567890123456789012'));
    expect(bank?.groups).toEqual([]);
    expect(vpn?.params).toMatchObject({ algorithm: 'SHA512', digits: 8, counter: 42n });
    expect(steam?.params.secret).toHaveLength(20);
    expect(fallback?.params).toMatchObject({ algorithm: 'SHA1' }); // algorithm null → SHA-1

    expect(problems.map((p) => [p.index, p.label.english, p.unsupported])).toEqual([
      [5, 'Odd Hash (dave)', true],
      [6, 'Broken (erin)', false],
      [7, 'Unknown Kind (frank)', true],
    ]);
    expect(problems[0]?.message.english).toMatch(/SHA224/);
  });

  it('decrypts an encrypted backup to the same entries', async () => {
    const plain = await read(fixture('schema4-plain.2fas'));
    const stages: string[] = [];
    const decrypted = await read(fixture('schema4-encrypted.2fas'), {
      password: PASSWORD,
      onProgress: (s) => stages.push(s.stage),
    });
    expect(decrypted).toEqual(plain);
    expect(stages).toEqual(['deriving-key', 'reading-entries']);
  });

  it('wrong password, no password, damaged', async () => {
    expect((await failure(read(fixture('schema4-encrypted.2fas'), { password: 'Correct horse' }))).code).toBe(
      'wrong-password',
    );
    expect((await failure(read(fixture('schema4-encrypted.2fas')))).code).toBe('needs-password');
    const backup = fixtureJson('schema4-encrypted.2fas');
    const [data, salt, iv] = backup.servicesEncrypted.split(':');
    const twoParts = await failure(
      read(jsonFile({ ...backup, servicesEncrypted: `${data}:${salt}` }), { password: PASSWORD }),
    );
    expect(twoParts.code).toBe('damaged');
    const badB64 = await failure(
      read(jsonFile({ ...backup, servicesEncrypted: `${data}:${salt}:!!` }), { password: PASSWORD }),
    );
    expect(badB64.code).toBe('damaged');
    expect(badB64.message).toMatch(/iv/);
    const cut = await failure(
      read(jsonFile({ ...backup, servicesEncrypted: `${data.slice(0, 8)}:${salt}:${iv}` }), { password: PASSWORD }),
    );
    expect(cut.code).toBe('damaged');
  });

  it('schema 2: no token type means TOTP, with the stored digits and period', async () => {
    const { entries, problems } = await read(fixture('schema2-plain.2fas'));
    expect(problems).toEqual([]);
    expect(entries.map((e) => e.params)).toEqual([
      {
        kind: 'totp',
        secret: text('12345678901234567890'),
        issuer: 'GitHub',
        account: 'alice',
        algorithm: 'SHA512',
        digits: 8,
        period: 60,
      },
      {
        kind: 'totp',
        secret: text('1234567890123456789012345678901234567890123456789012345678901234'),
        issuer: 'Example VPN',
        account: 'bob',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
      },
    ]);
  });

  it('schema 1: TOTP SHA-1 / 6 / 30; account from the label when missing', async () => {
    const { entries } = await read(fixture('schema1-plain.2fas'));
    expect(entries.map((e) => e.params)).toEqual([
      {
        kind: 'totp',
        secret: text('12345678901234567890'),
        issuer: 'GitHub',
        account: 'alice',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
      },
      {
        kind: 'totp',
        secret: text('12345678901234567890123456789012'),
        issuer: 'Example',
        account: 'zoe',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
      },
    ]);
  });

  it('refuses a newer schema', async () => {
    const e = await failure(read(jsonFile({ ...fixtureJson('schema4-plain.2fas'), schemaVersion: 5 })));
    expect(e.code).toBe('newer-version');
    expect(e.message).toMatch(/schema version 5/);
  });
});

describe('2FAS: malformed input only ever gives ImportError', () => {
  const samples = ['schema4-plain.2fas', 'schema4-encrypted.2fas'].map((n) => readFileSync(join(dir, n), 'utf8'));

  async function expectOnlyImportErrors(file: SniffedFile) {
    const detection = twofasImporter.detect(file);
    if (!detection) return;
    try {
      await twofasImporter.read(file, detection, { password: PASSWORD });
    } catch (e) {
      if (!(e instanceof ImportError)) throw e;
    }
  }

  it('mutated backups', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...samples), fc.nat(), fc.string({ maxLength: 8 }), async (s, at, insert) => {
        const i = at % s.length;
        await expectOnlyImportErrors(sniffFile('b.2fas', text(s.slice(0, i) + insert + s.slice(i + insert.length))));
      }),
      { numRuns: 60 },
    );
  });

  it('JSON values in backup shape', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.jsonValue(), fc.jsonValue(), async (schema, service, groups) => {
        await expectOnlyImportErrors(jsonFile({ schemaVersion: 4, services: [service], groups }));
        await expectOnlyImportErrors(
          jsonFile({
            schemaVersion: typeof schema === 'number' ? schema : 3,
            services: [{ secret: 'JBSWY3DP', otp: service }],
          }),
        );
        if (typeof schema === 'string')
          await expectOnlyImportErrors(jsonFile({ schemaVersion: 4, services: [], servicesEncrypted: schema }));
      }),
      { numRuns: 200 },
    );
  });
});
