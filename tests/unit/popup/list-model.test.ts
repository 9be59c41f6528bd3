import { describe, expect, it } from 'vitest';
import { groupCode, moveWithinGroup, sortAccounts } from '../../../components/account-order';
import {
  arrangeList,
  canDrag,
  collapsedToStore,
  dropOrder,
  groupNames,
  type ListChoices,
  movability,
  sortForView,
} from '../../../components/list-model';
import { createMoveQueue } from '../../../entrypoints/popup/move-queue';
import type { AccountView } from '../../../lib/vault/view';
import { VIEW_DEFAULTS } from './account-view';

const acct = (
  id: string,
  issuer: string,
  order: number,
  more: Partial<Pick<AccountView, 'pinned' | 'group' | 'lastUsedAt' | 'account'>> = {},
): AccountView => ({ ...VIEW_DEFAULTS, id, kind: 'totp', issuer, account: `${id}@example.com`, order, ...more });

const ids = (list: readonly AccountView[]) => list.map((a) => a.id);
const choices = (more: Partial<ListChoices> = {}): ListChoices => ({
  sort: 'custom',
  query: '',
  filter: undefined,
  collapsed: new Set(),
  ...more,
});
const byIssuer = (q: string) => (a: AccountView) => a.issuer.toLowerCase().includes(q.trim().toLowerCase());

describe('sorting the popup list (components/list-model.ts)', () => {
  const vault = sortAccounts([
    acct('z', 'zulip', 0),
    acct('g', 'GitHub', 1, { lastUsedAt: 100 }),
    acct('b', 'bank', 2, { pinned: true }),
    acct('a', 'Amazon', 3, { lastUsedAt: 300 }),
    acct('i10', 'Issuer 10', 4),
    acct('i2', 'Issuer 2', 5, { lastUsedAt: 200 }),
    acct('p', 'Proton', 6, { pinned: true, lastUsedAt: 50 }),
  ]);

  it('keeps the vault order for "your order"', () => {
    expect(sortForView(vault, 'custom')).toBe(vault);
    expect(ids(vault)).toEqual(['b', 'p', 'z', 'g', 'a', 'i10', 'i2']);
  });
  it('sorts A–Z ignoring case, numbers as numbers, pinned accounts first', () => {
    expect(ids(sortForView(vault, 'name'))).toEqual(['b', 'p', 'a', 'g', 'i2', 'i10', 'z']);
  });
  it('sorts recently used first, never-used last by name, pinned accounts first', () => {
    expect(ids(sortForView(vault, 'recent'))).toEqual(['p', 'b', 'a', 'i2', 'g', 'i10', 'z']);
  });
  it('breaks a tie in name by account name, then by the vault order', () => {
    const twins = [acct('2', 'Same', 0, { account: 'bob' }), acct('1', 'Same', 1, { account: 'alice' })];
    expect(ids(sortForView(twins, 'name'))).toEqual(['1', '2']);
    const same = [acct('x', 'Same', 0, { account: 'a' }), acct('y', 'Same', 1, { account: 'a' })];
    expect(ids(sortForView(same, 'name'))).toEqual(['x', 'y']);
  });
});

describe('groups, folding, filter and search', () => {
  const vault = sortAccounts([
    acct('w1', 'Work mail', 0, { group: 'Work' }),
    acct('n1', 'Netflix', 1),
    acct('f1', 'Family bank', 2, { group: 'family' }),
    acct('w2', 'Jira', 3, { group: ' Work ' }),
    acct('n2', 'Amazon', 4, { pinned: true }),
  ]);

  it('lists one plain section when no account has a group', () => {
    const plain = [acct('a', 'A', 0), acct('b', 'B', 1)];
    expect(arrangeList(plain, choices(), () => true)).toEqual([
      { group: undefined, accounts: plain, collapsed: false },
    ]);
    expect(groupNames(plain)).toEqual([]);
  });
  it('lists groups by name, "No group" last, each in the chosen sort with pinned first', () => {
    expect(groupNames(vault)).toEqual(['family', 'Work']);
    const sections = arrangeList(vault, choices(), () => true);
    expect(sections.map((s) => [s.group, ids(s.accounts)])).toEqual([
      ['family', ['f1']],
      ['Work', ['w1', 'w2']],
      ['', ['n2', 'n1']],
    ]);
    const byName = arrangeList(vault, choices({ sort: 'name' }), () => true);
    expect(byName.map((s) => ids(s.accounts))).toEqual([['f1'], ['w2', 'w1'], ['n2', 'n1']]);
  });
  it('folds the groups asked for, "No group" included, keeping their headings and counts', () => {
    const sections = arrangeList(vault, choices({ collapsed: new Set(['Work', '']) }), () => true);
    expect(sections.map((s) => [s.group, s.collapsed, s.accounts.length])).toEqual([
      ['family', false, 1],
      ['Work', true, 2],
      ['', true, 2],
    ]);
  });
  it('filters to one group, or to the accounts without one', () => {
    expect(arrangeList(vault, choices({ filter: 'Work' }), () => true).map((s) => s.group)).toEqual(['Work']);
    expect(arrangeList(vault, choices({ filter: '' }), () => true).map((s) => s.group)).toEqual(['']);
  });
  it('searches every account: a match in a folded or filtered-out group shows, unfolded', () => {
    const sections = arrangeList(
      vault,
      choices({ query: 'jira', filter: 'family', collapsed: new Set(['Work']) }),
      byIssuer('jira'),
    );
    expect(sections).toEqual([{ group: 'Work', accounts: [vault.find((a) => a.id === 'w2')], collapsed: false }]);
    expect(arrangeList(vault, choices({ query: 'nothing' }), byIssuer('nothing'))).toEqual([]);
  });
  it('allows dragging only in the person’s own order without a search', () => {
    expect(canDrag({ sort: 'custom', query: '' })).toBe(true);
    expect(canDrag({ sort: 'custom', query: ' x' })).toBe(false);
    expect(canDrag({ sort: 'name', query: '' })).toBe(false);
    expect(canDrag({ sort: 'recent', query: '' })).toBe(false);
  });
});

describe('reordering by drag and by the move buttons', () => {
  const vault = sortAccounts([
    acct('p1', 'P1', 0, { pinned: true }),
    acct('p2', 'P2', 1, { pinned: true }),
    acct('a', 'A', 2),
    acct('x', 'X', 3, { group: 'G' }),
    acct('b', 'B', 4),
    acct('c', 'C', 5),
  ]);

  it('drops a row before or after another of its pin state and group', () => {
    expect(dropOrder(vault, 'c', 'a', false)).toEqual(['p1', 'p2', 'c', 'a', 'x', 'b']);
    expect(dropOrder(vault, 'a', 'c', true)).toEqual(['p1', 'p2', 'x', 'b', 'c', 'a']);
    expect(dropOrder(vault, 'p2', 'p1', false)).toEqual(['p2', 'p1', 'a', 'x', 'b', 'c']);
  });
  it('refuses a drop across the pinned line, across groups, onto itself, or that changes nothing', () => {
    expect(dropOrder(vault, 'a', 'p1', false)).toBeUndefined();
    expect(dropOrder(vault, 'x', 'a', false)).toBeUndefined();
    expect(dropOrder(vault, 'a', 'a', true)).toBeUndefined();
    expect(dropOrder(vault, 'c', 'b', true)).toBeUndefined();
    expect(dropOrder(vault, 'gone', 'b', false)).toBeUndefined();
  });
  it('moves a row past accounts of other groups to the next one listed with it', () => {
    expect(moveWithinGroup(vault, 'b', -1)).toEqual(['p1', 'p2', 'b', 'x', 'a', 'c']);
    expect(moveWithinGroup(vault, 'a', 1)).toEqual(['p1', 'p2', 'b', 'x', 'a', 'c']);
    expect(moveWithinGroup(vault, 'x', 1)).toBeUndefined();
    expect(moveWithinGroup(vault, 'a', -1)).toBeUndefined();
    const m = movability(vault);
    expect(m.get('a')).toEqual({ up: false, down: true });
    expect(m.get('x')).toEqual({ up: false, down: false });
    expect(m.get('c')).toEqual({ up: true, down: false });
    expect(m.get('p1')).toEqual({ up: false, down: true });
  });
  it('queues a drop like a move: sent once the one before it is stored, from the order stored', async () => {
    const sent: string[][] = [];
    const queue = createMoveQueue(
      () => vault,
      async (order) => void sent.push(order),
    );
    await expect(queue.drop('c', 'a', false)).resolves.toBe(true);
    await expect(queue.drop('b', 'c', false)).resolves.toBe(true);
    await expect(queue.drop('b', 'c', false)).resolves.toBe(false);
    expect(sent).toEqual([
      ['p1', 'p2', 'c', 'a', 'x', 'b'],
      ['p1', 'p2', 'b', 'c', 'a', 'x'],
    ]);
  });
});

describe('folded groups worth storing (collapsedToStore)', () => {
  it('keeps the names of groups in use and "No group", each once, and drops renamed or emptied groups', () => {
    const accounts = [{ group: 'Work' }, { group: ' Home ' }, {}, { group: '' }];
    expect(collapsedToStore(['Work', 'Old', '', 'Home', 'Work', 'Gone'], accounts)).toEqual(['Work', '', 'Home']);
    // "No group" stays folded even while no account is ungrouped (the fold is kept for when one is).
    expect(collapsedToStore([''], [{ group: 'Work' }])).toEqual(['']);
    expect(collapsedToStore(['Work'], [])).toEqual([]);
  });
});

describe('codes grouped for reading (groupCode)', () => {
  it.each([
    ['123456', '123 456'],
    ['1234567', '1234 567'],
    ['12345678', '1234 5678'],
    ['123456789', '123 456 789'],
    ['1234567890', '12345 67890'],
    ['2BQ7K', '2BQ7K'],
    ['1234', '1234'],
  ])('%s reads as %s', (code, shown) => {
    expect(groupCode(code)).toBe(shown);
  });
});
