import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { steamImporter } from '../../../lib/import/formats/steam';
import { detectFormat, readDetected } from '../../../lib/import/registry';
import { sniffFile } from '../../../lib/import/sniff';
import { ImportError, type ImportResult, type SniffedFile } from '../../../lib/import/types';
import { currentCode } from '../../../lib/otp/code';
import {
  english,
  expectRejectsOthers,
  failure,
  fixtureFile,
  hex,
  jsonFile,
  read,
  survives,
  text,
} from './other-formats';

// Fixtures: tests/fixtures/import/steam/make.mjs (SOURCE.md). Codes in expected.json come from make.mjs's own
// Steam Guard implementation, not from lib/.
const DIR = join(__dirname, '../../fixtures/import/steam');
const file = (name: string) => fixtureFile('steam', name);
interface Want {
  name: string;
  secret_hex: string;
  code: string;
}
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as {
  check_time_unix: number;
  files: { path: string; entries: Want[]; siblings?: string[] }[];
};
const withSiblings = (manifest: string) => expected.files.find((f) => f.path === manifest && f.siblings)?.entries ?? [];
const T = expected.check_time_unix;
const PASSKEY = 'correct horse';
const SETS: Record<string, string[]> = {
  'sda-manifest.json': ['76561197960287941.maFile', '76561197960287942.maFile'],
  'sda-encrypted-manifest.json': ['76561197960287951.maFile', '76561197960287952.maFile'],
  'sgc-manifest.json': ['erin.maFile', 'frank.maFile'],
};
const siblingsOf = (manifest: string) => (SETS[manifest] ?? []).map(file);

function summary(result: Pick<ImportResult, 'entries'>) {
  return result.entries.map((e) => ({
    kind: e.params.kind,
    issuer: e.params.issuer,
    name: e.params.account,
    secret_hex: hex(e.params.secret),
    code: currentCode(e.params, T).code,
  }));
}
const want = (entries: Want[]) =>
  entries.map((w) => ({ kind: 'steam', issuer: 'Steam', name: w.name, secret_hex: w.secret_hex, code: w.code }));

describe('Steam Guard detection', () => {
  it('recognises a .maFile, the Steam app file and both manifests (which read the files chosen with them)', () => {
    expect(english(steamImporter.detect(file('76561197960287930.maFile')))).toEqual({
      encrypted: false,
      variant: 'account file (.maFile)',
    });
    expect(english(steamImporter.detect(file('Steamguard-76561197960287931.json')))).toEqual({
      encrypted: false,
      variant: 'Steam app file',
    });
    expect(english(steamImporter.detect(file('sda-manifest.json')))).toEqual({
      encrypted: false,
      variant: 'Steam Desktop Authenticator manifest',
      usesSiblings: true,
    });
    expect(english(steamImporter.detect(file('sda-encrypted-manifest.json')))).toEqual({
      encrypted: true,
      kdf: { algorithm: 'pbkdf2', memoryBytes: 0, iterations: 50_000 },
      variant: 'Steam Desktop Authenticator manifest',
      usesSiblings: true,
    });
    expect(english(steamImporter.detect(file('sgc-manifest.json')))).toEqual({
      encrypted: true,
      kdf: { algorithm: 'argon2id', memoryBytes: 12 * 2 ** 20, iterations: 3 },
      variant: 'steamguard-cli manifest',
      usesSiblings: true,
    });
  });

  it('claims an encrypted .maFile by its name only (bare base64 is also TOTP Authenticator’s backup)', () => {
    const sealed = file('76561197960287951.maFile');
    expect(steamImporter.detect(sealed)).toMatchObject({ encrypted: true });
    expect(steamImporter.detect(sniffFile('backup.txt', sealed.bytes))).toBe(false);
    expect(detectFormat('76561197960287951.maFile', sealed.bytes).format).toBe('steam');
  });

  it('says no to other formats', () => {
    expectRejectsOthers(steamImporter, []);
    expect(steamImporter.detect(jsonFile({ shared_secret: 'abc' }))).toBe(false);
    expect(steamImporter.detect(jsonFile({ version: 1, entries: [{ filename: 'a.txt' }] }))).toBe(false);
    expect(steamImporter.detect(jsonFile({ encrypted: false, entries: [] }))).toBe(false);
    expect(steamImporter.detect(jsonFile({ accounts: { a: { name: 'x' } } }))).toBe(false);
  });
});

describe('Steam Guard files on their own', () => {
  it('reads a plain .maFile and the Steam app file as Steam accounts, issuer "Steam"', async () => {
    for (const rec of expected.files.filter((f) => f.entries.length > 0 && !f.siblings)) {
      const result = await read(steamImporter, file(rec.path));
      expect(summary(result), rec.path).toEqual(want(rec.entries));
      expect(result.problems).toEqual([]);
    }
  });

  it('keeps the revocation code with the account, in its notes, and says so', async () => {
    const [entry] = (await read(steamImporter, file('76561197960287930.maFile'))).entries;
    expect(entry?.notes).toBe('revocation_code: R12345');
    expect(english(entry?.warnings)).toEqual([expect.stringMatching(/revocation code is kept in the notes/)]);
  });

  it('never reads the key from the uri, whose secret SDA leaves as a placeholder', async () => {
    const [entry] = (await read(steamImporter, file('76561197960287930.maFile'))).entries;
    expect(hex(entry?.params.secret ?? new Uint8Array())).toBe(expected.files[0]?.entries[0]?.secret_hex);
  });

  it('refuses an encrypted .maFile chosen alone, saying to choose manifest.json with it', async () => {
    const e = await failure(read(steamImporter, file('76561197960287951.maFile'), { password: PASSKEY }));
    expect(e.code).toBe('unsupported');
    expect(e.message).toMatch(/manifest\.json/);
  });

  it('lists an account of the Steam app file whose key is not base64 and imports the rest', async () => {
    const result = await read(
      steamImporter,
      jsonFile({
        accounts: {
          a: { shared_secret: 'not base64!', account_name: 'broken', revocation_code: 'R1' },
          b: { shared_secret: 'MTIzNDU2Nzg5MGFiY2RlZmdoaWo=', account_name: 'fine', revocation_code: 'R2' },
        },
      }),
    );
    expect(result.entries.map((e) => e.params.account)).toEqual(['fine']);
    expect(english(result.problems)).toEqual([
      { index: 0, label: 'broken', message: 'Its shared_secret is not base64.', unsupported: false },
    ]);
  });

  it('gives bukson/steampy’s published code for its published key', async () => {
    // steampy tests/test_guard.py: shared_secret MTIzNDU2Nzg5MGFiY2RlZmdoaWo= at 1469184207 → P2QJN.
    const { entries } = await read(
      steamImporter,
      jsonFile({ shared_secret: 'MTIzNDU2Nzg5MGFiY2RlZmdoaWo=', account_name: 'x', identity_secret: '' }),
    );
    expect(entries[0] && currentCode(entries[0].params, 1469184207).code).toBe('P2QJN');
  });
});

describe('Steam Guard manifests with their files', () => {
  for (const [manifest, files] of Object.entries(SETS)) {
    it(`${manifest}: every account, and the files it used`, async () => {
      const result = await read(steamImporter, file(manifest), { password: PASSKEY, siblings: siblingsOf(manifest) });
      expect(summary(result)).toEqual(want(withSiblings(manifest)));
      expect(result.problems).toEqual([]);
      expect(result.consumed).toEqual(files);
    });
  }

  it('works through the registry, as the import panel calls it', async () => {
    const d = detectFormat('manifest.json', file('sda-encrypted-manifest.json').bytes);
    const result = await readDetected(d, { password: PASSKEY, siblings: siblingsOf('sda-encrypted-manifest.json') });
    expect(result.format).toBe('steam');
    expect(result.formatName.english).toBe('Steam Guard Steam Desktop Authenticator manifest (encrypted)');
    expect(result.entries).toHaveLength(2);
  });

  it('lists a named file that was not chosen, imports the others, and consumes only what it used', async () => {
    const result = await read(steamImporter, file('sda-manifest.json'), {
      siblings: [file('76561197960287942.maFile'), file('76561197960287930.maFile')],
    });
    expect(result.entries.map((e) => e.params.account)).toEqual(['bob']);
    expect(english(result.problems)).toEqual([
      {
        index: 0,
        label: '76561197960287941.maFile',
        message: 'Its file 76561197960287941.maFile was not chosen: choose it together with manifest.json.',
        unsupported: false,
      },
    ]);
    expect(result.consumed).toEqual(['76561197960287942.maFile']);
  });

  it('finds a file whose name differs only in case (Windows folders)', async () => {
    const [a, b] = siblingsOf('sda-manifest.json').map((f) => sniffFile(f.name.toUpperCase(), f.bytes));
    const result = await read(steamImporter, file('sda-manifest.json'), {
      siblings: [a as SniffedFile, b as SniffedFile],
    });
    expect(result.entries).toHaveLength(2);
  });

  it('refuses a manifest chosen without any of its files, naming them', async () => {
    const e = await failure(read(steamImporter, file('sda-manifest.json'), { siblings: [] }));
    expect(e.code).toBe('unsupported');
    expect(e.message).toMatch(/76561197960287941\.maFile, 76561197960287942\.maFile/);
    const alone = await failure(read(steamImporter, file('sgc-manifest.json'), { password: PASSKEY }));
    expect(alone.code).toBe('unsupported');
  });

  it('refuses a manifest that lists no accounts, and a newer steamguard-cli manifest', async () => {
    const empty = await failure(read(steamImporter, jsonFile({ encrypted: false, first_run: true, entries: [] })));
    expect(empty.code).toBe('damaged');
    const sgc = JSON.parse(new TextDecoder().decode(file('sgc-manifest.json').bytes));
    const newer = await failure(
      read(steamImporter, jsonFile({ ...sgc, version: 2 }), { siblings: siblingsOf('sgc-manifest.json') }),
    );
    expect(newer.code).toBe('newer-version');
  });

  it('asks for the passkey, and refuses a wrong one (both schemes)', async () => {
    for (const manifest of ['sda-encrypted-manifest.json', 'sgc-manifest.json']) {
      const none = await failure(read(steamImporter, file(manifest), { siblings: siblingsOf(manifest) }));
      expect(none.code, manifest).toBe('needs-password');
      const wrong = await failure(
        read(steamImporter, file(manifest), { password: 'wrong horse', siblings: siblingsOf(manifest) }),
      );
      expect(wrong.code, manifest).toBe('wrong-password');
    }
  });

  it('reads a file already decrypted although the manifest says encrypted', async () => {
    const [sealed] = siblingsOf('sda-encrypted-manifest.json');
    const plain = jsonFile(
      { shared_secret: 'MTIzNDU2Nzg5MGFiY2RlZmdoaWo=', account_name: 'dave', revocation_code: 'R1' },
      '76561197960287952.maFile',
    );
    const result = await read(steamImporter, file('sda-encrypted-manifest.json'), {
      password: PASSKEY,
      siblings: [sealed as SniffedFile, plain],
    });
    expect(result.entries.map((e) => e.params.account)).toEqual(['carol', 'dave']);
    expect(result.problems).toEqual([]);
  });

  it('lists a damaged encrypted file while the others open', async () => {
    const [good, bad] = siblingsOf('sda-encrypted-manifest.json');
    const damaged = (bad as SniffedFile).bytes.slice();
    damaged[40] = damaged[40] === 65 ? 66 : 65; // one base64 character of the last-but-one block changed
    const result = await read(steamImporter, file('sda-encrypted-manifest.json'), {
      password: PASSKEY,
      siblings: [good as SniffedFile, sniffFile((bad as SniffedFile).name, damaged)],
    });
    expect(result.entries.map((e) => e.params.account)).toEqual(['carol']);
    expect(result.problems.map((p) => p.index)).toEqual([1]);
  });

  it('lists an entry in a scheme it does not know, and uses the manifest’s name when the file has none', async () => {
    const account = { shared_secret: 'MTIzNDU2Nzg5MGFiY2RlZmdoaWo=', revocation_code: 'R9', serial_number: '1' };
    const result = await read(
      steamImporter,
      jsonFile({
        version: 1,
        entries: [
          { filename: 'a.maFile', steam_id: 1, account_name: 'alpha', encryption: null },
          {
            filename: 'b.maFile',
            steam_id: 2,
            account_name: 'beta',
            encryption: { scheme: 'Rot13', iv: '', salt: '' },
          },
        ],
      }),
      { siblings: [jsonFile(account, 'a.maFile'), sniffFile('b.maFile', text('AAAAAAAAAAAAAAAAAAAAAA=='))] },
    );
    expect(result.entries.map((e) => e.params.account)).toEqual(['alpha']);
    expect(english(result.problems)).toEqual([
      { index: 1, label: 'b.maFile', message: expect.stringMatching(/Rot13/), unsupported: true },
    ]);
  });
});

describe('Steam Guard: damaged, random and huge input', () => {
  const names = ['76561197960287930.maFile', 'Steamguard-76561197960287931.json', ...Object.keys(SETS)];

  it('a file cut at every 1/16 gives an ImportError or entries, never another exception', async () => {
    for (const name of names) {
      const whole = file(name).bytes;
      for (let i = 0; i < 16; i++) {
        const cut = sniffFile(name, whole.slice(0, Math.floor((whole.length * i) / 16)));
        await survives(steamImporter, cut, { password: PASSKEY, siblings: siblingsOf(name) });
      }
    }
  });

  it('random accounts and manifests give only ImportErrors or listed problems', async () => {
    const account = fc.record(
      {
        shared_secret: fc.oneof(fc.base64String(), fc.string(), fc.anything()),
        account_name: fc.anything(),
        revocation_code: fc.anything(),
        Session: fc.anything(),
        accounts: fc.anything(),
      },
      { requiredKeys: ['shared_secret'] },
    );
    await fc.assert(
      fc.asyncProperty(account, async (a) => {
        await survives(steamImporter, jsonFile({ ...a, serial_number: '1' }));
        await survives(steamImporter, jsonFile({ accounts: { x: a } }));
      }),
      { numRuns: 150 },
    );
    const entry = fc.record({
      filename: fc.oneof(fc.constantFrom('a.maFile', 'b.maFile'), fc.anything()),
      steamid: fc.anything(),
      encryption_salt: fc.oneof(fc.base64String(), fc.anything()),
      encryption_iv: fc.oneof(fc.base64String(), fc.anything()),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(entry, { maxLength: 3 }),
        fc.boolean(),
        fc.anything(),
        async (entries, encrypted, a) => {
          await survives(steamImporter, jsonFile({ encrypted, first_run: true, entries }), {
            password: 'x',
            siblings: [jsonFile(a, 'a.maFile'), sniffFile('b.maFile', text('AAAAAAAAAAAAAAAAAAAAAA=='))],
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('mutated encrypted files: an ImportError or a listed problem, and nothing imported when the file failed', async () => {
    const manifest = file('sda-encrypted-manifest.json');
    const [one] = siblingsOf('sda-encrypted-manifest.json');
    const bytes = (one as SniffedFile).bytes;
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.integer({ min: 0, max: 255 }), async (at, value) => {
        const mutated = bytes.slice();
        mutated[at % mutated.length] = value;
        try {
          const r = await read(steamImporter, manifest, {
            password: PASSKEY,
            siblings: [sniffFile((one as SniffedFile).name, mutated)],
          });
          // One file of two chosen: it either opened (same key, when the byte did not change) or is listed.
          expect(r.entries.length + r.problems.length).toBe(2);
        } catch (e) {
          expect(e).toBeInstanceOf(ImportError);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('opens a chosen file once, however many entries name it', async () => {
    const [sealed] = siblingsOf('sda-encrypted-manifest.json');
    const json = JSON.parse(new TextDecoder().decode(file('sda-encrypted-manifest.json').bytes));
    const first = json.entries[0];
    const result = await read(steamImporter, jsonFile({ ...json, entries: Array.from({ length: 500 }, () => first) }), {
      password: PASSKEY,
      siblings: [sealed as SniffedFile],
    });
    expect(result.entries).toHaveLength(1);
    expect(result.problems).toHaveLength(499);
    expect(english(result.problems[0]?.message)).toMatch(/named by another entry too/);
  });

  it('refuses a manifest of more accounts than one import takes, before opening any file', async () => {
    const entries = Array.from({ length: 10_001 }, (_, i) => ({ filename: `${i}.maFile`, steamid: i }));
    const e = await failure(
      read(steamImporter, jsonFile({ encrypted: true, first_run: true, entries }), { password: 'x' }),
    );
    expect(e.code).toBe('too-many-entries');
  });

  it('a huge account name is kept whole (no cap on names here) and does not break reading', async () => {
    const name = 'n'.repeat(100_000);
    const { entries } = await read(
      steamImporter,
      jsonFile({ shared_secret: 'MTIzNDU2Nzg5MGFiY2RlZmdoaWo=', account_name: name, revocation_code: 'R1' }),
    );
    expect(entries[0]?.params.account.length).toBe(100_000);
  });
  it('random bytes and random JSON: detection never throws, reading throws only ImportError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.jsonValue(),
        fc.constantFrom('x.maFile', 'manifest.json'),
        async (bytes, json, name) => {
          await survives(steamImporter, sniffFile(name, bytes));
          await survives(steamImporter, jsonFile(json, name), { password: 'x' });
        },
      ),
      { numRuns: 200 },
    );
  });
});
