import 'fake-indexeddb/auto';
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Exports } from '../../../entrypoints/background/exports';
import { importFile } from '../../../lib/import/registry';
import { decodeMigrationUri } from '../../../lib/otp/migration';
import { parseOtpauthUri } from '../../../lib/otp/uri';
import { VaultSession } from '../../../lib/vault/session';
import type { Effects } from '../../../lib/vault/slots';
import { openIdbVaultStore } from '../../../platform/idb-vault-store';
import { CHEAP } from '../vault/fixtures';

const fx: Effects = {
  random: (n) => new Uint8Array(randomBytes(n)),
  now: () => Date.UTC(2026, 10, 22),
  uuid: () => randomUUID(),
};
const enc = new TextEncoder();

async function setup() {
  const data = new Map<string, unknown>();
  const session = new VaultSession(
    await openIdbVaultStore(`exports-${randomUUID()}`),
    {
      get: async (k) => data.get(k) as never,
      set: async (k, v) => void data.set(k, v),
      remove: async (k) => void data.delete(k),
    },
    fx,
    CHEAP,
  );
  await session.create('pw');
  const vault = await session.require();
  const base = { sites: ['example.com'], notes: 'a note', pinned: true };
  const gh = await vault.add({
    ...base,
    otp: {
      kind: 'totp',
      secret: enc.encode('github-secret-123456'),
      issuer: 'GitHub',
      account: 'alice',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    },
    recoveryCodes: [{ code: 'aaaa-bbbb' }, { code: 'used-1111', usedAt: 5 }],
  });
  const bank = await vault.add({
    ...base,
    otp: {
      kind: 'hotp',
      secret: enc.encode('bank-secret-12345678'),
      issuer: 'Bank',
      account: 'bob',
      algorithm: 'SHA256',
      digits: 8,
      counter: 42n,
    },
    recoveryCodes: [],
  });
  const steam = await vault.add({
    ...base,
    otp: { kind: 'steam', secret: enc.encode('steam-secret-1234567'), issuer: 'Steam', account: 'me' },
    recoveryCodes: [],
  });
  return {
    exports: new Exports(session, fx, { N: 1024, r: 8, p: 1 }),
    ids: [gh.id, bank.id, steam.id],
    session,
    gh: gh.id,
  };
}

describe('exports in the background', () => {
  it('writes an encrypted Aegis file that the Aegis importer reads back entry for entry', async () => {
    const { exports, ids } = await setup();
    const file = await exports.file({ masterPassword: 'pw', format: 'aegis-encrypted', ids, password: 'export pw' });
    expect(file.fileName).toBe('aegis-export-2026-11-22.json');
    expect(file.text).not.toContain('GitHub');
    const back = await importFile(file.fileName, enc.encode(file.text), { password: 'export pw' });
    expect(back.format).toBe('aegis');
    expect(back.entries.map((e) => [e.params.kind, e.params.issuer, e.notes, e.pinned])).toEqual([
      ['totp', 'GitHub', 'a note', true],
      ['hotp', 'Bank', 'a note', true],
      ['steam', 'Steam', 'a note', true],
    ]);
    expect(back.entries[1]?.params).toMatchObject({ algorithm: 'SHA256', digits: 8, counter: 42n });
    await expect(exports.file({ masterPassword: 'pw', format: 'aegis-encrypted', ids })).rejects.toThrow(
      /needs a password/,
    );
  });

  it('writes an otpauth list of only the chosen accounts, and refuses unknown ids', async () => {
    const { exports, ids } = await setup();
    const file = await exports.file({ masterPassword: 'pw', format: 'uri-list', ids: [ids[1] as string] });
    const lines = file.text.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(parseOtpauthUri(lines[0] as string).params).toEqual({
      kind: 'hotp',
      secret: enc.encode('bank-secret-12345678'),
      issuer: 'Bank',
      account: 'bob',
      algorithm: 'SHA256',
      digits: 8,
      counter: 42n,
    });
    await expect(exports.file({ masterPassword: 'pw', format: 'uri-list', ids: ['gone'] })).rejects.toThrow(
      /no longer exist/,
    );
    await expect(exports.file({ masterPassword: 'pw', format: 'uri-list', ids: [] })).rejects.toThrow(/at least one/);
  });

  it('writes 2FAS and Bitwarden files that Twofold’s own importers take back, listing what each cannot hold', async () => {
    const { exports, ids } = await setup();
    const twofas = await exports.file({ masterPassword: 'pw', format: 'twofas', ids });
    expect(twofas.fileName).toBe('twofold-2fas-2026-11-22.2fas');
    expect(twofas.skipped).toEqual([]);
    const fromTwofas = await importFile(twofas.fileName, enc.encode(twofas.text));
    expect(fromTwofas.format).toBe('2fas');
    expect(fromTwofas.entries.map((e) => [e.params.kind, e.params.issuer, e.params.account])).toEqual([
      ['totp', 'GitHub', 'alice'],
      ['hotp', 'Bank', 'bob'],
      ['steam', 'Steam', 'me'],
    ]);
    expect(fromTwofas.entries[1]?.params).toMatchObject({ algorithm: 'SHA256', digits: 8, counter: 42n });

    const bitwarden = await exports.file({ masterPassword: 'pw', format: 'bitwarden', ids });
    expect(bitwarden.fileName).toBe('bitwarden_export_twofold_2026-11-22.json');
    expect(bitwarden.skipped.map((s) => [s.name, s.reason.key])).toEqual([['Bank (bob)', 'exportmore_bitwarden_hotp']]);
    const fromBitwarden = await importFile(bitwarden.fileName, enc.encode(bitwarden.text));
    expect(fromBitwarden.format).toBe('bitwarden');
    expect(fromBitwarden.entries.map((e) => [e.params.kind, e.params.issuer, e.notes, e.pinned])).toEqual([
      ['totp', 'GitHub', 'a note', true],
      ['steam', 'Steam', 'a note', true],
    ]);
    await expect(
      exports.file({ masterPassword: 'pw', format: 'bitwarden', ids: [ids[1] as string] }),
    ).rejects.toMatchObject({ text: expect.objectContaining({ key: 'exportmore_none_fit' }) });
  });

  it('makes Google Authenticator transfer codes and lists what it cannot take', async () => {
    const { exports, ids } = await setup();
    const { uris, skipped } = await exports.migration({ masterPassword: 'pw', ids });
    expect(skipped.map((s) => ({ name: s.name, reason: s.reason.english }))).toEqual([
      { name: 'Steam (me)', reason: 'Google Authenticator cannot show Steam Guard codes.' },
    ]);
    expect(uris).toHaveLength(1);
    expect(decodeMigrationUri(uris[0] as string).accounts.map((a) => a.issuer)).toEqual(['GitHub', 'Bank']);
  });

  it('gives the recovery sheet only unused recovery codes, with the secret grouped for typing', async () => {
    const { exports, ids } = await setup();
    const { entries } = await exports.sheet({ masterPassword: 'pw', ids: [ids[0] as string] });
    expect(entries).toEqual([
      expect.objectContaining({
        name: 'GitHub (alice)',
        recoveryCodes: ['aaaa-bbbb'],
        secret: 'M5UX I2DV MIWX GZLD OJSX ILJR GIZT INJW',
      }),
    ]);
    expect(entries[0]?.summary.english).toBe('TOTP · SHA1 · 6 digits · every 30 s');
  });

  it('leaves off a recovery code filled and still waiting for a verdict (issue 15)', async () => {
    const { session, gh } = await setup();
    const exports = new Exports(session, fx, { N: 1024, r: 8, p: 1 }, async () => [
      { accountId: gh, code: 'aaaa-bbbb' },
    ]);
    const { entries } = await exports.sheet({ masterPassword: 'pw', ids: [gh] });
    expect(entries[0]?.recoveryCodes).toEqual([]);
  });
});
