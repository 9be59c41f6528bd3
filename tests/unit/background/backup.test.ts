import 'fake-indexeddb/auto';
import { randomBytes, randomUUID } from 'node:crypto';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { describe, expect, it, vi } from 'vitest';
import { Backups } from '../../../entrypoints/background/backup';
import { BackupError } from '../../../lib/backup/format';
import { deriveRestoreKey } from '../../../lib/backup/restore-key';
import type { Account } from '../../../lib/vault/account-data';
import { VaultSession } from '../../../lib/vault/session';
import type { Effects } from '../../../lib/vault/slots';
import { openIdbVaultStore } from '../../../platform/idb-vault-store';
import { rejectsWith } from '../rejects';
import { CHEAP } from '../vault/fixtures';

// Counts derivations: the background must never run one for a restore: a crafted backup
// could hold it for half a minute at 2 GB (docs/architecture.md attack 10).
vi.mock('@noble/hashes/scrypt.js', async (original) => {
  const real = await original<typeof import('@noble/hashes/scrypt.js')>();
  return { ...real, scryptAsync: vi.fn(real.scryptAsync) };
});

const SCRYPT = { N: 2 ** 14, r: 8, p: 1 };

/** What the options page's worker does (entrypoints/options/restore-worker.ts): the key, derived once. */
async function keyOf(text: string, password: string): Promise<string> {
  const reply = await deriveRestoreKey({ text, password });
  if (reply.kind !== 'key') throw new Error(reply.message);
  return reply.key;
}
const key = (s: string) => new TextEncoder().encode(s.padEnd(20, '.'));

async function setup() {
  let clock = 1_800_000_000_000;
  const fx: Effects = { random: (n) => new Uint8Array(randomBytes(n)), now: () => clock, uuid: () => randomUUID() };
  const data = new Map<string, unknown>();
  const session = new VaultSession(
    await openIdbVaultStore(`backup-${randomUUID()}`),
    {
      get: async (k) => data.get(k) as never,
      set: async (k, v) => void data.set(k, v),
      remove: async (k) => void data.delete(k),
    },
    fx,
    CHEAP,
  );
  await session.create('vault pw');
  const vault = await session.require();
  const add = (name: string, extra: Partial<Account> = {}) =>
    vault.add({
      otp: { kind: 'totp', secret: key(name), issuer: name, account: 'me', algorithm: 'SHA1', digits: 6, period: 30 },
      sites: [`${name.toLowerCase()}.com`],
      notes: '',
      recoveryCodes: [],
      pinned: false,
      ...extra,
    });
  return { session, vault, add, backups: new Backups(session, fx, SCRYPT), tick: (ms: number) => (clock += ms) };
}

describe('backup and restore in the background', () => {
  it('reminds about accounts added since the last backup, and a backup clears the reminder', async () => {
    const { add, backups, tick } = await setup();
    await add('GitHub');
    let status = await backups.status();
    expect(status).toMatchObject({ due: true, added: 1, lastBackupAt: undefined });
    expect(status.message.english).toBe('1 account not backed up yet: if this computer is lost, so is it.');
    expect(status.message.key).toBe('options_reminder_never_one');

    tick(1000);
    const file = await backups.create({ masterPassword: 'vault pw', password: 'backup pw' });
    expect(file.fileName).toMatch(/^twofold-backup-\d{4}-\d\d-\d\d\.json$/);
    expect(file.accounts).toBe(1);
    // Writing the file is not enough: the reminder stays until the page says the file was saved.
    expect((await backups.status()).due).toBe(true);
    await backups.saved({ created: file.created });
    status = await backups.status();
    expect(status.due).toBe(false);
    expect(status.lastBackupAt).toBe(file.created);

    tick(1000);
    await add('Gitlab');
    status = await backups.status();
    expect(status).toMatchObject({ due: true, added: 1 });
    expect(status.message.english).toBe('1 account added since your last backup.');

    await add('Gitea');
    status = await backups.status();
    expect(status.message).toMatchObject({
      key: 'options_reminder_added_other',
      english: '2 accounts added since your last backup.',
    });
  });

  it('previews a restore without changing the vault, then merges in one step', async () => {
    const { add, vault, backups, tick } = await setup();
    await add('GitHub', { notes: 'from before' });
    await add('Mail');
    const { text } = await backups.create({ masterPassword: 'vault pw', password: 'backup pw' });
    tick(1000);
    // After the backup: GitHub renamed in the vault, Mail deleted, Bank added.
    const [gh, mail] = vault.accounts();
    await vault.update((gh as Account).id, { otp: { ...(gh as Account).otp, issuer: 'GitHub Inc' } });
    await vault.remove((mail as Account).id);
    await add('Bank');

    // Derived once, as the options page does; the background's preview and apply derive nothing.
    const restoreKey = await keyOf(text, 'backup pw');
    const derivations = vi.mocked(scryptAsync).mock.calls.length;
    const preview = await backups.preview({ text, key: restoreKey });
    expect(preview.accounts).toBe(2);
    expect(preview.items.map((i) => [i.name, i.status])).toEqual([
      ['GitHub (me)', 'conflict'],
      ['Mail (me)', 'new'],
    ]);
    expect(preview.items[0]?.differences.map((d) => d.english)).toContain('issuer “GitHub Inc” → “GitHub”');
    expect(preview.onlyInVault).toEqual(['Bank (me)']);
    expect(vault.accounts()).toHaveLength(2);

    const result = await backups.apply({ text, key: restoreKey, mode: 'merge', take: [], expectRemoved: [] });
    expect(result).toEqual({ added: 1, updated: 0, removed: 0 });
    expect(vi.mocked(scryptAsync).mock.calls.length).toBe(derivations);
    const issuers = () =>
      vault
        .accounts()
        .map((a) => a.otp.issuer)
        .sort();
    expect(issuers()).toEqual(['Bank', 'GitHub Inc', 'Mail']);
    // The restored account keeps its age from the backup.
    expect(vault.accounts().find((a) => a.otp.issuer === 'Mail')?.createdAt).toBe((mail as Account).createdAt);

    // Merging again and taking the conflict (backup index 0): the backup's name comes back.
    const again = await backups.apply({
      text,
      key: await keyOf(text, 'backup pw'),
      mode: 'merge',
      take: [0],
      expectRemoved: [],
    });
    expect(again).toEqual({ added: 0, updated: 1, removed: 0 });
    expect(issuers()).toEqual(['Bank', 'GitHub', 'Mail']);
  });

  it('a restore into a fresh vault does not count the restored accounts as not backed up', async () => {
    const first = await setup();
    await first.add('GitHub');
    await first.add('Mail');
    const { text } = await first.backups.create({ masterPassword: 'vault pw', password: 'backup pw' });
    const fresh = await setup();
    fresh.tick(60_000);
    await fresh.backups.apply({
      text,
      key: await keyOf(text, 'backup pw'),
      mode: 'merge',
      take: [],
      expectRemoved: [],
    });
    expect(fresh.vault.accounts()).toHaveLength(2);
    expect(await fresh.backups.status()).toMatchObject({ due: false, added: 0 });
  });

  it('replace makes the vault equal to the backup', async () => {
    const { add, vault, backups } = await setup();
    await add('GitHub');
    const { text } = await backups.create({ masterPassword: 'vault pw', password: 'backup pw' });
    await add('Extra');
    const preview = await backups.preview({ text, key: await keyOf(text, 'backup pw') });
    expect(preview.onlyInVault).toEqual(['Extra (me)']);
    // An account added after the preview was never shown as "will be deleted": the restore refuses.
    await add('Added later');
    const attempt = {
      text,
      key: await keyOf(text, 'backup pw'),
      mode: 'replace' as const,
      take: [],
      expectRemoved: preview.onlyInVaultIds,
    };
    await expect(backups.apply(attempt)).rejects.toMatchObject({ code: 'changed' });
    expect(vault.accounts()).toHaveLength(3);

    const again = await backups.preview({ text, key: await keyOf(text, 'backup pw') });
    const result = await backups.apply({ ...attempt, expectRemoved: again.onlyInVaultIds });
    expect(result).toEqual({ added: 0, updated: 0, removed: 2 });
    expect(vault.accounts().map((a) => a.otp.issuer)).toEqual(['GitHub']);
    // Removed, not lost: both are in "Recently deleted" (docs/vault-format.md "Recently deleted") and come back.
    const removed = vault.trash().map((e) => e.account.id);
    expect(removed.sort()).toEqual([...again.onlyInVaultIds].sort());
    for (const id of removed) await vault.restoreFromTrash(id, () => new Error('taken'));
    expect(vault.accounts()).toHaveLength(3);
  });

  it('a wrong password is refused in the worker, a wrong key by the background', async () => {
    const { add, backups } = await setup();
    await add('GitHub');
    const { text } = await backups.create({ masterPassword: 'vault pw', password: 'backup pw' });
    await expect(deriveRestoreKey({ text, password: 'nope' })).resolves.toMatchObject({
      kind: 'failed',
      code: 'wrong-password',
    });
    await expect(backups.preview({ text, key: 'not a key, but 44 characters long, exactly..' })).rejects.toMatchObject({
      code: 'wrong-password',
    });
  });

  it('a wrong key or a changed file is refused and the vault is untouched', async () => {
    const { add, vault, backups } = await setup();
    await add('GitHub');
    const { text } = await backups.create({ masterPassword: 'vault pw', password: 'backup pw' });
    await add('Extra');
    const before = vault.accounts().map((a) => a.id);
    await expect(
      backups.apply({
        text,
        key: Buffer.alloc(32, 1).toString('base64'),
        mode: 'replace',
        take: [],
        expectRemoved: [],
      }),
    ).rejects.toMatchObject({
      code: 'wrong-password',
    });
    const tampered = text.replace(/"accounts": ?1/, '"accounts":2');
    // A changed byte fails authentication, which a wrong key would fail the same way (AES-GCM).
    await rejectsWith(
      backups.apply({
        text: tampered,
        key: await keyOf(text, 'backup pw'),
        mode: 'replace',
        take: [],
        expectRemoved: [],
      }),
      BackupError,
      'wrong-password',
    );
    await rejectsWith(
      backups.preview({ text: text.slice(0, 80), key: await keyOf(text, 'backup pw') }),
      BackupError,
      'not-a-backup',
    );
    expect(vault.accounts().map((a) => a.id)).toEqual(before);
  });
});
