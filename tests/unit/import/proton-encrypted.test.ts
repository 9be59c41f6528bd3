import { gcm } from '@noble/ciphers/aes.js';
import fc from 'fast-check';
import { argon2id } from 'hash-wasm';
import { describe, expect, it } from 'vitest';
import { protonImporter } from '../../../lib/import/formats/proton';
import { detectFormat } from '../../../lib/import/registry';
import { english, failure, fixtureFile, jsonFile, read } from './other-formats';
import { attempt, survivesCuts } from './pm-fuzz';

// Fixtures: tests/fixtures/import/proton-encrypted/make.mjs (SOURCE.md): Argon2id (19 MiB, t = 2, p = 1) + AES-256-GCM
// with the associated data "proton.authenticator.export.v1", as protonpass/proton-authenticator's exporter.rs writes.
const PASSWORD = 'correct horse ✓';
const sealed = () => fixtureFile('proton-encrypted', 'proton-encrypted.json');
const envelope = () => JSON.parse(new TextDecoder().decode(sealed().bytes)) as Record<string, unknown>;

/** A password-protected export of `json`, sealed here with @noble/ciphers (not the importer's WebCrypto). */
async function seal(json: unknown, password: string, aad = 'proton.authenticator.export.v1') {
  const salt = new Uint8Array(16).fill(7);
  const nonce = new Uint8Array(12).fill(9);
  const key = await argon2id({
    password,
    salt,
    iterations: 2,
    memorySize: 19 * 1024,
    parallelism: 1,
    hashLength: 32,
    outputType: 'binary',
  });
  const body = gcm(key, nonce, new TextEncoder().encode(aad)).encrypt(new TextEncoder().encode(JSON.stringify(json)));
  return jsonFile({
    version: 1,
    salt: Buffer.from(salt).toString('base64'),
    content: Buffer.concat([nonce, body]).toString('base64'),
  });
}

describe('Proton Authenticator password-protected export', () => {
  it('is detected as encrypted, with its fixed Argon2id cost', () => {
    expect(english(protonImporter.detect(sealed()))).toEqual({
      encrypted: true,
      kdf: { algorithm: 'argon2id', memoryBytes: 19 * 2 ** 20, iterations: 2 },
      variant: 'password-protected export',
    });
    expect(detectFormat('export.json', sealed().bytes).format).toBe('proton');
  });

  it('decrypts with the password and reads the accounts inside; a damaged one is a problem', async () => {
    const stages: string[] = [];
    const { entries, problems } = await read(protonImporter, sealed(), {
      password: PASSWORD,
      onProgress: (s) => stages.push(s.stage),
    });
    expect(stages).toEqual(['deriving-key', 'decrypting']);
    expect(entries.map((e) => [e.params.kind, e.params.issuer, e.params.account, e.notes])).toEqual([
      ['totp', 'Example', 'alice@example.com', 'Récupération: coffre'],
      ['totp', 'Bänk 🏦', 'bob', ''],
      ['totp', '', 'carol', ''],
      ['steam', 'Steam', 'gaben', ''],
    ]);
    expect(Buffer.from(entries[0]?.params.secret ?? []).toString()).toBe('12345678901234567890');
    expect(entries[1]?.params).toMatchObject({ algorithm: 'SHA256', digits: 8, period: 15 });
    expect(entries[2]?.params).toMatchObject({ algorithm: 'SHA512', digits: 6, period: 60 });
    expect(english(problems)).toMatchObject([{ index: 4, label: 'dave', unsupported: false }]);
  });

  it('reads an export of no accounts as an empty list', async () => {
    const empty = fixtureFile('proton-encrypted', 'proton-empty.json');
    expect(await read(protonImporter, empty, { password: 'x' })).toEqual({ entries: [], problems: [] });
  });

  it('asks for the password, and refuses a wrong one', async () => {
    expect((await failure(read(protonImporter, sealed()))).code).toBe('needs-password');
    expect((await failure(read(protonImporter, sealed(), { password: 'correct horse' }))).code).toBe('wrong-password');
  });

  it('needs Proton’s associated data: the same cipher without it is a wrong password', async () => {
    const json = { version: 1, entries: [] };
    expect(await read(protonImporter, await seal(json, 'pw'), { password: 'pw' })).toEqual({
      entries: [],
      problems: [],
    });
    const other = await seal(json, 'pw', 'another.app.export');
    expect((await failure(read(protonImporter, other, { password: 'pw' }))).code).toBe('wrong-password');
  }, 15_000);

  it('refuses what decrypts but is not an export, a newer version, a bad salt, and a cut content', async () => {
    const notExport = await seal({ hello: 'world' }, 'pw');
    expect((await failure(read(protonImporter, notExport, { password: 'pw' }))).code).toBe('damaged');
    const newer = await failure(read(protonImporter, jsonFile({ ...envelope(), version: 2 }), { password: PASSWORD }));
    expect(newer.code).toBe('newer-version');
    expect(newer.message).toMatch(/version 2/);
    const shortSalt = jsonFile({ ...envelope(), salt: Buffer.alloc(8).toString('base64') });
    expect((await failure(read(protonImporter, shortSalt, { password: PASSWORD }))).code).toBe('damaged');
    const cut = jsonFile({ ...envelope(), content: Buffer.alloc(20).toString('base64') });
    expect((await failure(read(protonImporter, cut, { password: PASSWORD }))).code).toBe('damaged');
    const notBase64 = jsonFile({ ...envelope(), content: '***' });
    expect((await failure(read(protonImporter, notBase64, { password: PASSWORD }))).code).toBe('damaged');
  });

  it('honours the memory limit the caller sets (the KDF is announced before it runs)', async () => {
    const small = await failure(read(protonImporter, sealed(), { password: PASSWORD, maxKdfMemory: 2 ** 20 }));
    expect(small.code).toBe('out-of-memory');
  });

  it('never throws anything but ImportError when cut or altered (Argon2id per try: few runs)', async () => {
    const bytes = sealed().bytes;
    expect(await survivesCuts(protonImporter, 'proton.json', bytes, { password: PASSWORD })).not.toContain('read');
    // Altered base64 in the content: the tag refuses every change; no entries come out of a changed file.
    const content = String(envelope().content);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: content.length - 1 }), async (at) => {
        const swapped = content[at] === 'A' ? 'B' : 'A';
        const changed = jsonFile({ ...envelope(), content: content.slice(0, at) + swapped + content.slice(at + 1) });
        const out = await attempt(protonImporter, 'proton.json', changed.bytes, { password: PASSWORD });
        expect(out).toBe('refused');
      }),
      { numRuns: 6 },
    );
  }, 20_000);
});
