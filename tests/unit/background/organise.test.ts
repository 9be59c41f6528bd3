import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { Effects } from '../../../lib/vault/slots';
import { fx } from '../vault/fixtures';

// The handlers' browser adapters (badge, windows) are replaced; everything else is the real code.
vi.mock('webextension-polyfill', () => import('./quiet-browser'));

const { allHandlers, memoryStore, vaultSession } = await import('./harness');

const page = { id: 'x', url: 'chrome-extension://x/popup.html' };
const DAY = 24 * 60 * 60 * 1000;

async function setup() {
  let now = 1_800_000_000_000;
  const effects: Effects = { ...fx, now: () => now };
  const store = memoryStore();
  const session = await vaultSession('organise', store, effects);
  const h = allHandlers({ session, store, effects });
  await session.create('pw');
  const add = async (issuer: string, secret: string) =>
    (await h['account-add']({ type: 'account-add', draft: { secret, issuer, account: 'alice' } }, page)).account;
  return {
    h,
    session,
    add,
    advance: (ms: number) => {
      now += ms;
    },
    now: () => now,
  };
}

describe('the list: groups, view and usage', () => {
  it('account-update sets, trims and clears the group; a bad name is refused', async () => {
    const { h, add } = await setup();
    const a = await add('GitHub', 'JBSWY3DPEHPK3PXP');
    const update = (group: string) => h['account-update']({ type: 'account-update', id: a.id, patch: { group } }, page);
    expect((await update('  Work ')).account.group).toBe('Work');
    expect((await h['accounts-list']({ type: 'accounts-list' }, page)).accounts[0]?.group).toBe('Work');
    expect('group' in (await update('')).account).toBe(false);
    await expect(update('a\nb')).rejects.toMatchObject({ code: 'bad-group' });
  });

  it('accounts-list replies the stored list view and each account’s last use', async () => {
    const { h, add, advance, now } = await setup();
    const a = await add('GitHub', 'JBSWY3DPEHPK3PXP');
    const b = await add('GitLab', 'GEZDGNBVGY3TQOJQ');
    let list = await h['accounts-list']({ type: 'accounts-list' }, page);
    expect(list.listView).toEqual({ sort: 'custom', collapsed: [] });
    expect(list.accounts.map((x) => x.lastUsedAt)).toEqual([undefined, undefined]);
    await h['list-view-set']({ type: 'list-view-set', sort: 'recent' }, page);
    await h['list-view-set']({ type: 'list-view-set', collapsed: ['Work', '', 'Work'] }, page);
    advance(1000);
    await h['account-used']({ type: 'account-used', id: b.id }, page);
    list = await h['accounts-list']({ type: 'accounts-list' }, page);
    expect(list.listView).toEqual({ sort: 'recent', collapsed: ['Work', ''] });
    expect(list.accounts.map((x) => [x.id, x.lastUsedAt])).toEqual([
      [a.id, undefined],
      [b.id, now()],
    ]);
  });

  it('backup-notice-hide keeps the popup’s notice away for 7 days; the options page still sees it due', async () => {
    const { h, add, advance, session, now } = await setup();
    await add('GitHub', 'JBSWY3DPEHPK3PXP');
    const shown = await h['backup-status']({ type: 'backup-status' }, page);
    expect([shown.due, shown.hiddenUntil]).toEqual([true, undefined]);
    await h['backup-notice-hide']({ type: 'backup-notice-hide' }, page);
    const hidden = await h['backup-status']({ type: 'backup-status' }, page);
    expect([hidden.due, hidden.added, hidden.hiddenUntil]).toEqual([true, 1, now() + 7 * DAY]);
    advance(7 * DAY - 1);
    // Days later the vault has locked itself: unlocked again, as the person would.
    await session.unlock('pw');
    const later = await h['backup-status']({ type: 'backup-status' }, page);
    expect([later.due, later.hiddenUntil]).toEqual([true, now() + 1]);
    advance(1);
    const after = await h['backup-status']({ type: 'backup-status' }, page);
    expect([after.due, after.hiddenUntil]).toEqual([true, undefined]);
  });
});

describe('Recently deleted through the handlers', () => {
  it('delete → list → restore → delete → purge, with a clear refusal when the key is taken', async () => {
    const { h, add, advance, now } = await setup();
    const a = await add('GitHub', 'JBSWY3DPEHPK3PXP');
    await h['account-update']({ type: 'account-update', id: a.id, patch: { group: 'Work' } }, page);
    await h['account-delete']({ type: 'account-delete', id: a.id }, page);
    const { deleted } = await h['trash-list']({ type: 'trash-list' }, page);
    expect(deleted).toEqual([
      {
        id: a.id,
        kind: 'totp',
        issuer: 'GitHub',
        account: 'alice',
        group: 'Work',
        deletedAt: now(),
        expiresAt: now() + 30 * DAY,
      },
    ]);
    advance(1000);
    const back = await h['trash-restore']({ type: 'trash-restore', id: a.id }, page);
    expect([back.account.id, back.account.group, back.account.order]).toEqual([a.id, 'Work', a.order]);
    expect((await h['trash-list']({ type: 'trash-list' }, page)).deleted).toEqual([]);

    await h['account-delete']({ type: 'account-delete', id: a.id }, page);
    await add('GitHub again', 'JBSWY3DPEHPK3PXP');
    await expect(h['trash-restore']({ type: 'trash-restore', id: a.id }, page)).rejects.toMatchObject({
      code: 'duplicate',
      message:
        'GitHub again (alice) already holds this account’s key. Delete or change that account first, then restore this one.',
    });
    await h['trash-purge']({ type: 'trash-purge', id: a.id }, page);
    expect((await h['trash-list']({ type: 'trash-list' }, page)).deleted).toEqual([]);
    await expect(h['trash-restore']({ type: 'trash-restore', id: a.id }, page)).rejects.toMatchObject({
      code: 'not-in-trash',
    });
  });
});
