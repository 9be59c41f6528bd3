import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bitwardenCsvImporter, bitwardenImporter } from '../../../lib/import/formats/bitwarden';
import { sniffFile } from '../../../lib/import/sniff';
import type { ImportStage } from '../../../lib/import/types';
import {
  ascii,
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

// Fixtures: tests/fixtures/import/bitwarden/make.mjs (node:crypto + @noble/hashes Argon2id; SOURCE.md).
const PASSWORD = 'correct horse battery staple';
const UNICODE_PASSWORD = 'pässwörd 🔑';
const fixture = (name: string) => fixtureFile('bitwarden', name);
const json = (name: string) => JSON.parse(new TextDecoder().decode(fixture(name).bytes));
const NOTICE = /3 Bitwarden items have no authenticator key/;

/** What every vault fixture (plain, PBKDF2, Argon2id) holds. */
const VAULT_ENTRIES = [
  {
    params: {
      kind: 'totp',
      secret: ascii('12345678901234567890123456789012'),
      issuer: 'Example',
      account: 'alice@example.com',
      algorithm: 'SHA256',
      digits: 8,
      period: 60,
    },
    notes: 'Recovery codes are in the safe',
    groups: ['Work'],
    pinned: true,
  },
  // A bare base32 key: item name → issuer, username → account, TOTP SHA-1/6/30.
  {
    params: {
      kind: 'totp',
      secret: '48656c6c6f21deadbeef',
      issuer: 'Bänk 🏦',
      account: 'bob',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    },
    notes: '',
    groups: [],
    pinned: false,
  },
  {
    params: { kind: 'steam', secret: ascii('12345678901234567890'), issuer: 'Steam', account: 'gaben' },
    notes: '',
    groups: [],
    pinned: false,
  },
  // otpauth://totp/?secret=…: the item fills in the empty issuer and account.
  {
    params: {
      kind: 'totp',
      secret: ascii('12345678901234567890'),
      issuer: 'Forum',
      account: 'carol',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    },
    notes: '',
    groups: [],
    pinned: false,
  },
];
const VAULT_PROBLEMS = [
  { index: 7, label: 'Broken (erin)', message: expect.stringMatching(/base32/), unsupported: false },
  { index: 8, label: 'Old (frank)', message: expect.stringMatching(/motp/), unsupported: true },
];

function shown(result: Awaited<ReturnType<typeof read>>) {
  return result.entries.map((e) => ({
    params: { ...e.params, secret: hex(e.params.secret) },
    notes: e.notes,
    groups: e.groups,
    pinned: e.pinned,
  }));
}

describe('Bitwarden detection', () => {
  it('tells the JSON kinds apart and reads the KDF cost without a password', () => {
    expect(bitwardenImporter.detect(fixture('bitwarden.json'))).toEqual({ encrypted: false });
    expect(english(bitwardenImporter.detect(fixture('bitwarden-authenticator.json')))).toEqual({
      encrypted: false,
      variant: 'Authenticator',
    });
    expect(english(bitwardenImporter.detect(fixture('bitwarden-pbkdf2.json')))).toEqual({
      encrypted: true,
      variant: 'password-protected export',
      kdf: { algorithm: 'pbkdf2', memoryBytes: 0, iterations: 1000 },
    });
    expect(english(bitwardenImporter.detect(fixture('bitwarden-argon2id.json')))).toEqual({
      encrypted: true,
      variant: 'password-protected export',
      kdf: { algorithm: 'argon2id', memoryBytes: 2 ** 20, iterations: 2 },
    });
    // No password can open it, so none is asked for.
    expect(english(bitwardenImporter.detect(fixture('bitwarden-account-restricted.json')))).toEqual({
      encrypted: false,
      variant: 'account-restricted export',
    });
    expect(english(bitwardenCsvImporter.detect(fixture('bitwarden.csv')))).toEqual({
      encrypted: false,
      variant: 'CSV export',
    });
  });

  it('says no to other formats (and JSON and CSV to each other)', () => {
    expectRejectsOthers(bitwardenImporter, ['bitwarden']);
    expectRejectsOthers(bitwardenCsvImporter, ['bitwarden-csv']);
    expect(bitwardenImporter.detect(jsonFile({ encrypted: false }))).toBe(false);
    expect(bitwardenImporter.detect(jsonFile({ encrypted: 'no', items: [] }))).toBe(false);
    expect(bitwardenCsvImporter.detect(sniffFile('x.csv', text('name,notes\nlogin_totp,x\n')))).toBe(false);
  });
});

describe('Bitwarden unencrypted JSON', () => {
  it('reads items with a TOTP key: URI, bare base32 and steam:// forms, notes, folder, favourite', async () => {
    const result = await read(bitwardenImporter, fixture('bitwarden.json'));
    expect(shown(result)).toEqual(VAULT_ENTRIES);
    expect(english(result.problems)).toEqual(VAULT_PROBLEMS);
    // Passwords, notes and cards are counted, not listed as problems.
    expect(english(result.notices)).toEqual([expect.stringMatching(NOTICE)]);
  });

  it('reads the Bitwarden Authenticator app’s export', async () => {
    const result = await read(bitwardenImporter, fixture('bitwarden-authenticator.json'));
    expect(result.entries.map((e) => [e.params.kind, e.params.issuer, e.params.account, e.pinned])).toEqual([
      ['totp', 'Example', 'alice@example.com', false],
      ['hotp', 'VPN', 'bob', true],
    ]);
    expect(result.problems).toEqual([]);
    expect(result.notices).toEqual([]);
  });

  it('uses collection names as groups in organisation exports', async () => {
    const result = await read(
      bitwardenImporter,
      jsonFile({
        encrypted: false,
        collections: [{ id: 'c1', name: 'Team' }],
        items: [{ type: 1, name: 'X', collectionIds: ['c1', 'unknown'], login: { username: 'u', totp: 'JBSWY3DP' } }],
      }),
    );
    expect(result.entries[0]?.groups).toEqual(['Team']);
  });

  it('reads exports written before the `encrypted` member existed (personal with folders, organisation)', async () => {
    const personal = fixture('bitwarden-no-encrypted.json');
    expect(bitwardenImporter.detect(personal)).toEqual({ encrypted: false });
    const result = await read(bitwardenImporter, personal);
    expect(shown(result)).toEqual(VAULT_ENTRIES);
    expect(english(result.problems)).toEqual(VAULT_PROBLEMS);

    const org = await read(bitwardenImporter, fixture('bitwarden-org-no-encrypted.json'));
    expect(org.entries.map((e) => e.params)).toMatchObject([
      { kind: 'totp', issuer: 'Zürich Bank', account: 'ünïcødé', algorithm: 'SHA1', digits: 7, period: 20 },
      { kind: 'hotp', issuer: 'Counter', account: 'ops', algorithm: 'SHA256', digits: 6, counter: 42n },
    ]);
    expect(org.entries[0]?.groups).toEqual(['Équipe 日本']);
    expect(org.problems).toEqual([]);
    expect(english(org.notices)).toEqual([expect.stringMatching(/1 Bitwarden item has no authenticator key/)]);
  });

  it('claims a file without `encrypted` only when its structure is Bitwarden’s', () => {
    const item = { type: 1, name: 'x', login: { totp: 'JBSWY3DP' } };
    expect(bitwardenImporter.detect(jsonFile({ items: [item] }))).not.toBe(false);
    expect(bitwardenImporter.detect(jsonFile({ folders: [], items: [] }))).toEqual({ encrypted: false });
    // Another app's JSON with an items list: other members, other item shapes, or no list of folders at all.
    expect(bitwardenImporter.detect(jsonFile({ version: 1, items: [item] }))).toBe(false);
    expect(bitwardenImporter.detect(jsonFile({ items: [{ type: 1, name: 'x' }] }))).toBe(false);
    expect(bitwardenImporter.detect(jsonFile({ items: [{ type: 'login', name: 'x', login: {} }] }))).toBe(false);
    expect(bitwardenImporter.detect(jsonFile({ items: [item, { title: 'y' }] }))).toBe(false);
    expect(bitwardenImporter.detect(jsonFile({ items: [] }))).toBe(false);
    expect(bitwardenImporter.detect(jsonFile({ vaults: {}, items: [item] }))).toBe(false);
  });

  it('does not claim an unencrypted file without an items list', async () => {
    const file = jsonFile({ encrypted: false, items: 'none' });
    expect(bitwardenImporter.detect(file)).toBe(false);
  });
});

describe('Bitwarden password-protected JSON', () => {
  it('decrypts a PBKDF2 export, announcing the key derivation first', async () => {
    const stages: ImportStage[] = [];
    const result = await read(bitwardenImporter, fixture('bitwarden-pbkdf2.json'), {
      password: PASSWORD,
      onProgress: (s) => stages.push(s),
    });
    expect(shown(result)).toEqual(VAULT_ENTRIES);
    expect(english(result.problems)).toEqual(VAULT_PROBLEMS);
    expect(english(result.notices)).toEqual([expect.stringMatching(NOTICE)]);
    expect(stages[0]).toEqual({
      stage: 'deriving-key',
      kdf: { algorithm: 'pbkdf2', memoryBytes: 0, iterations: 1000 },
    });
  });

  it('decrypts an Argon2id export (salt = SHA-256 of the salt text) with a non-ASCII password', async () => {
    const result = await read(bitwardenImporter, fixture('bitwarden-argon2id.json'), { password: UNICODE_PASSWORD });
    expect(shown(result)).toEqual(VAULT_ENTRIES);
  });

  it('asks for the password, and tells a wrong one from a damaged file', async () => {
    for (const name of ['bitwarden-pbkdf2.json', 'bitwarden-argon2id.json']) {
      expect((await failure(read(bitwardenImporter, fixture(name)))).code).toBe('needs-password');
      const wrong = await failure(read(bitwardenImporter, fixture(name), { password: 'wrong password' }));
      expect(wrong.code).toBe('wrong-password');
      expect(wrong.message).toMatch(/Bitwarden/);
    }
    // The data changed but the validation value intact: the password is right, the file is damaged.
    const file = json('bitwarden-pbkdf2.json');
    const [iv, ct, mac] = (file.data as string).slice(2).split('|') as [string, string, string];
    const flipped = `${ct.slice(0, 10)}${ct[10] === 'A' ? 'B' : 'A'}${ct.slice(11)}`;
    const damaged = await failure(
      read(bitwardenImporter, jsonFile({ ...file, data: `2.${iv}|${flipped}|${mac}` }), { password: PASSWORD }),
    );
    expect(damaged.code).toBe('damaged');
    expect(damaged.message).toMatch(/changed or damaged/);
    // Without a validation value, a MAC mismatch on the data is a wrong password.
    const { encKeyValidation_DO_NOT_EDIT: _, ...noCheck } = file;
    expect((await failure(read(bitwardenImporter, jsonFile(noCheck), { password: 'nope' }))).code).toBe(
      'wrong-password',
    );
    expect(shown(await read(bitwardenImporter, jsonFile(noCheck), { password: PASSWORD }))).toEqual(VAULT_ENTRIES);
  });

  it('names damaged or unsupported fields', async () => {
    const file = json('bitwarden-pbkdf2.json');
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ ...file, kdfType: 7 }, 'unsupported', /type 7/],
      [{ ...file, kdfIterations: 0 }, 'damaged', /kdfIterations/],
      [{ ...file, salt: '' }, 'damaged', /salt/],
      [{ ...file, data: `0.${(file.data as string).slice(2)}` }, 'unsupported', /type 0/],
      [{ ...file, data: '2.AAAA|BBBB' }, 'damaged', /three parts/],
      [{ ...file, data: '2.!!!|BBBB|CCCC' }, 'damaged', /base64/],
      [{ ...file, encKeyValidation_DO_NOT_EDIT: 42 }, 'damaged', /encKeyValidation/],
    ];
    for (const [value, code, message] of cases) {
      const error = await failure(read(bitwardenImporter, jsonFile(value), { password: PASSWORD }));
      expect(error.code, JSON.stringify(value).slice(0, 80)).toBe(code);
      expect(error.message).toMatch(message);
    }
  });

  it('refuses a key derivation needing more memory than allowed', async () => {
    const file = { ...json('bitwarden-argon2id.json'), kdfMemory: 1024 };
    const error = await failure(
      read(bitwardenImporter, jsonFile(file), { password: UNICODE_PASSWORD, maxKdfMemory: 256 * 2 ** 20 }),
    );
    expect(error.code).toBe('out-of-memory');
  });
});

describe('Bitwarden account-restricted JSON', () => {
  it('is refused with how to export it in a form Twofold can read', async () => {
    const error = await failure(
      read(bitwardenImporter, fixture('bitwarden-account-restricted.json'), { password: PASSWORD }),
    );
    expect(error.code).toBe('account-restricted');
    expect(error.message).toMatch(/Password protected/);
  });
});

describe('Bitwarden CSV', () => {
  it('reads login_totp with quoted fields (commas, doubled quotes, line breaks), folder and favourite', async () => {
    const result = await read(bitwardenCsvImporter, fixture('bitwarden.csv'));
    expect(shown(result)).toEqual([
      { ...VAULT_ENTRIES[0], notes: 'Codes: "A1", "B2"\nsecond line' },
      { ...VAULT_ENTRIES[1], params: { ...VAULT_ENTRIES[1]?.params, issuer: 'Bänk, 🏦' } },
    ]);
    expect(english(result.problems)).toEqual([
      { index: 4, label: 'Broken (erin)', message: expect.stringMatching(/base32/), unsupported: false },
    ]);
    expect(english(result.notices)).toEqual([expect.stringMatching(/^2 Bitwarden items/)]);
  });

  it('reads organisation exports (collections column)', async () => {
    const csv =
      'collections,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n"Team,Ops",login,X,,,0,,u,,JBSWY3DP\n';
    const result = await read(bitwardenCsvImporter, sniffFile('org.csv', text(csv)));
    expect(result.entries[0]?.groups).toEqual(['Team', 'Ops']);
  });

  it('refuses a CSV file cut inside a quoted field', async () => {
    const cut = new TextDecoder().decode(fixture('bitwarden.csv').bytes).slice(0, 150);
    const error = await failure(read(bitwardenCsvImporter, sniffFile('cut.csv', text(cut))));
    expect(error.code).toBe('damaged');
  });
});

describe('Bitwarden robustness', () => {
  it('never throws anything but ImportError for odd item lists', async () => {
    const item = fc.record(
      {
        type: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.anything()),
        name: fc.anything(),
        notes: fc.anything(),
        favorite: fc.anything(),
        folderId: fc.anything(),
        collectionIds: fc.anything(),
        login: fc.oneof(
          fc.record(
            {
              username: fc.anything(),
              totp: fc.oneof(
                fc.constantFrom(
                  'JBSWY3DP',
                  'steam://JBSWY3DP',
                  'otpauth://totp/a:b?secret=JBSWY3DP',
                  'otpauth://hotp/x?secret=A',
                  'OTPAUTH://TOTP/?',
                ),
                fc.string(),
                fc.anything(),
              ),
            },
            { requiredKeys: [] },
          ),
          fc.anything(),
        ),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(item, fc.anything())), fc.anything(), async (items, folders) => {
        await survives(bitwardenImporter, jsonFile({ encrypted: false, folders, items }));
      }),
      { numRuns: 300 },
    );
  });

  it('names an unknown KDF type without running its toString (fast-check counterexample {toString: 0})', async () => {
    const file = jsonFile({ ...json('bitwarden-pbkdf2.json'), kdfType: { toString: 0 } });
    const detection = bitwardenImporter.detect(file);
    expect(detection).toBeTruthy();
    if (!detection) return;
    await expect(bitwardenImporter.read(file, detection, { password: PASSWORD })).rejects.toMatchObject({
      code: 'unsupported',
    });
  });

  it('never throws anything but ImportError for damaged password-protected exports', async () => {
    const file = json('bitwarden-pbkdf2.json');
    const field = fc.constantFrom(
      'salt',
      'kdfType',
      'kdfIterations',
      'encKeyValidation_DO_NOT_EDIT',
      'data',
      'passwordProtected',
    );
    await fc.assert(
      fc.asyncProperty(field, fc.oneof(fc.anything(), fc.string(), fc.integer()), async (key, value) => {
        await survives(bitwardenImporter, jsonFile({ ...file, [key]: value }), { password: PASSWORD });
      }),
      { numRuns: 150 },
    );
  });

  it('never throws anything but ImportError for any CSV text with a Bitwarden header', async () => {
    const header =
      'folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n';
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: fc.constantFrom('a', 'J', ',', '"', '\n', '\r', '1', 'otpauth://totp/x?secret=JBSWY3DP') }),
        async (body) => {
          await survives(bitwardenCsvImporter, sniffFile('x.csv', text(header + body)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
