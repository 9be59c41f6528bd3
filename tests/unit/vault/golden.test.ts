import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeBase32 } from '../../../lib/encoding/base32';
import { unlockVault } from '../../../lib/vault/vault';
import { openIdbVaultStore } from '../../../platform/idb-vault-store';
import { fx } from './fixtures';
import { type Golden, goldenView, loadGolden, previousKeyView } from './golden';
import { loadDatabase } from './idb-dump';

/**
 * Every later Twofold must open every golden vault (tests/fixtures/vault/) with its password and show the
 * same accounts and settings; never regenerate an existing file, add one for a new format version instead.
 */
describe('golden vaults of every format version still open', () => {
  for (const file of ['v1.json', 'v2.json', 'v2-history.json', 'v2-every-field.json', 'v2-trash.json']) {
    it(`${file}: unlocks with its password and shows exactly its accounts and settings, twice`, async () => {
      const golden = loadGolden(file);
      const name = `golden-${randomUUID()}`;
      await loadDatabase(name, golden.database);
      const store = await openIdbVaultStore(name);
      for (let round = 0; round < 2; round++) {
        const vault = await unlockVault(store, golden.password, fx);
        expect(vault.unreadable).toEqual([]);
        expect(vault.accounts().map(goldenView)).toEqual(golden.expect.accounts);
        expect(vault.settings()).toEqual(golden.expect.settings);
        expect(((await store.readHeader()) as { version: number }).version).toBe(2);
        vault.lock();
      }
      await expect(unlockVault(store, `${golden.password}!`, fx)).rejects.toThrow(
        expect.objectContaining({ code: 'wrong-password' }),
      );
    });
  }

  for (const file of ['v2-history.json', 'v2-every-field.json'])
    it(`${file}: previous keys (issue 15) open with their secret, parameters and replacement time`, async () => {
      await expectHistory(file);
    });
});

describe('v2-trash.json: groups, "Recently deleted", usage and the list view (docs/vault-format.md)', () => {
  it('opens them as written, twice, with nothing unreadable, and the deleted account restores whole', async () => {
    type Expect = {
      groups: (string | null)[];
      trash: { issuer: string; secret: string; group: string; sites: string[]; deletedAt: number }[];
      usage: { issuer: string; at: number }[];
    };
    const golden = loadGolden('v2-trash.json') as Golden & { expect: Expect };
    const name = `golden-${randomUUID()}`;
    await loadDatabase(name, golden.database);
    const store = await openIdbVaultStore(name);
    for (let round = 0; round < 2; round++) {
      const vault = await unlockVault(store, golden.password, fx);
      expect(vault.unreadable).toEqual([]);
      expect(vault.accounts().map((a) => a.group ?? null)).toEqual(golden.expect.groups);
      const trash = vault.trash().map((e) => ({
        issuer: e.account.otp.issuer,
        secret: encodeBase32(e.account.otp.secret),
        group: e.account.group,
        sites: e.account.sites,
        deletedAt: e.deletedAt,
      }));
      expect(trash).toEqual(golden.expect.trash);
      const usage = Object.entries(vault.usage()).map(([id, at]) => ({ issuer: vault.get(id).otp.issuer, at }));
      expect(usage).toEqual(golden.expect.usage);
      vault.lock();
    }
    const vault = await unlockVault(store, golden.password, fx);
    const [deleted] = vault.trash();
    const back = await vault.restoreFromTrash(deleted?.account.id as string, () => new Error('taken'));
    expect([back.otp.issuer, back.group]).toEqual(['Old bank', 'Money']);
    expect(vault.trash()).toEqual([]);
  });
});

/** The golden file's previous keys, each with its secret, parameters and replacement time. */
async function expectHistory(file: string) {
  const golden = loadGolden(file) as Golden & { expect: { history: Record<string, unknown>[][] } };
  const name = `golden-${randomUUID()}`;
  await loadDatabase(name, golden.database);
  const vault = await unlockVault(await openIdbVaultStore(name), golden.password, fx);
  const history = vault
    .accounts()
    .map((a) => (a.history ?? []).map((h) => ({ ...previousKeyView(h), replacedAt: h.replacedAt })));
  expect(history).toEqual(golden.expect.history);
  expect(history.flat()).toHaveLength(1);
}
