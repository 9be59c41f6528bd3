// @vitest-environment happy-dom
import { h, render } from 'preact';
import { useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountView } from '../../../lib/vault/view';

vi.mock('../../../platform/webhid', () => ({ webHidAvailable: () => false }));
vi.mock('../../../platform/windows', () => ({ openExtensionTab: async () => undefined }));
vi.mock('../../../platform/runtime-messaging', () => ({ sendRequest: async () => ({}) }));

const { sortAccounts } = await import('../../../components/account-order');
const { MainScreen } = await import('../../../entrypoints/popup/MainScreen');
type Vault = import('../../../entrypoints/popup/use-vault').Vault;
type ListView = import('../../../lib/vault/settings').ListView;

function account(id: string, order: number, kind: 'totp' | 'hotp' = 'totp', group?: string): AccountView {
  return {
    id,
    kind,
    issuer: `Issuer ${id}`,
    account: id,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    ...(kind === 'hotp' ? { counter: 0 } : {}),
    ...(group !== undefined ? { group } : {}),
    secret: 'JBSWY3DPEHPK3PXP',
    sites: [],
    notes: '',
    recoveryCodes: [],
    pinned: false,
    order,
    createdAt: 0,
    updatedAt: 0,
  } as AccountView;
}

/**
 * The vault as MainScreen sees it (entrypoints/popup/use-vault.ts): a change answers only when the test lets it,
 * and the list shown changes only then, to what the background stored (the popup keeps no list of its own).
 */
const background = {
  accounts: [] as AccountView[],
  sent: [] as { type: string; ids?: string[]; id?: string }[],
  /** Answers the oldest change still waiting. */
  waiting: [] as (() => void)[],
  /** The list view sent with the accounts, and the requests (not changes) the popup made. */
  listView: undefined as ListView | undefined,
  requests: [] as { type: string; [k: string]: unknown }[],
  /** Sends the list again with this list view (a reload after a pin, a move, an edit). */
  relist: (_view: ListView): void => undefined,
};

function Harness() {
  const [accounts, setAccounts] = useState<AccountView[]>(() => sortAccounts(background.accounts));
  const [listView, setListView] = useState(background.listView);
  background.relist = (view) => {
    setListView(view);
    setAccounts(sortAccounts(background.accounts));
  };
  const change = (req: { type: string; ids?: string[]; id?: string }) => {
    background.sent.push(req);
    return new Promise((resolve) => {
      background.waiting.push(() => {
        if (req.type === 'accounts-reorder' && req.ids) {
          const ids = req.ids;
          background.accounts = background.accounts.map((a) => ({ ...a, order: ids.indexOf(a.id) }));
          setAccounts(sortAccounts(background.accounts));
          resolve({});
        } else resolve({ code: '755224', counter: 1 });
      });
    });
  };
  const vault = {
    accounts,
    listView,
    unreadable: [],
    request: async (req: { type: string }) => {
      background.requests.push(req);
      return { due: false };
    },
    change,
    lock: async () => undefined,
  } as unknown as Vault;
  return h(MainScreen, {
    vault,
    clock: { now: () => 0, subscribe: () => () => undefined },
    tab: { text: '', tabId: undefined, fillable: new Set<string>(), codeField: false },
    active: true,
    toast: () => undefined,
    onAdd: () => undefined,
    onScan: () => undefined,
    onAddPageQr: () => undefined,
    onEdit: () => undefined,
    onSettings: () => undefined,
  });
}

const root = document.createElement('div');
document.body.append(root);
afterEach(() => render(null, root));
beforeEach(() => {
  background.sent = [];
  background.waiting = [];
  background.listView = undefined;
  background.requests = [];
});

const shownOrder = () => [...root.querySelectorAll('li.account')].map((li) => li.getAttribute('data-id'));
const button = (id: string, cls: string) =>
  root.querySelector<HTMLButtonElement>(`li.account[data-id="${id}"] button.${cls}`) as HTMLButtonElement;
async function answerNext() {
  await act(async () => {
    background.waiting.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  });
}

describe('the account list, pressed faster than the vault answers (issue 16 review)', () => {
  it('moves a row two places on two quick presses, each order worked out from the one the vault stored', async () => {
    background.accounts = [account('a', 0), account('b', 1), account('c', 2)];
    await act(() => render(h(Harness, {}), root));
    expect(shownOrder()).toEqual(['a', 'b', 'c']);

    await act(() => {
      button('c', 'up').click();
      button('c', 'up').click();
    });
    // Nothing moves before the vault stored it.
    expect(shownOrder()).toEqual(['a', 'b', 'c']);

    await answerNext();
    expect(shownOrder()).toEqual(['a', 'c', 'b']);
    await answerNext();

    expect(background.sent.map((r) => r.ids)).toEqual([
      ['a', 'c', 'b'],
      ['c', 'a', 'b'],
    ]);
    expect(shownOrder()).toEqual(['c', 'a', 'b']);
  });

  it('takes one HOTP code off the counter on a double click of "next code", and another on a later click', async () => {
    background.accounts = [account('h', 0, 'hotp')];
    await act(() => render(h(Harness, {}), root));

    await act(() => {
      button('h', 'next').click();
      button('h', 'next').click();
    });
    expect(background.sent.filter((r) => r.type === 'hotp-next')).toHaveLength(1);

    await answerNext();
    await act(() => button('h', 'next').click());
    expect(background.sent.filter((r) => r.type === 'hotp-next')).toHaveLength(2);
  });
});

/** Alt+Up/Down pressed on the focused control of a row (the list handles the keys for the rows inside it). */
function altKey(target: HTMLElement, key: 'ArrowUp' | 'ArrowDown') {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, altKey: true, bubbles: true, cancelable: true }));
}
/** Lets the popup's requestAnimationFrame callbacks (focus after a move) run. */
const frame = () => act(() => new Promise<void>((r) => requestAnimationFrame(() => r())));

describe('the account list and the keyboard', () => {
  it('keeps focus on the code button through Alt+Up presses, also once the row reached the top', async () => {
    background.accounts = [account('a', 0), account('b', 1), account('c', 2)];
    await act(() => render(h(Harness, {}), root));
    button('c', 'code').focus();
    await act(() => {
      altKey(button('c', 'code'), 'ArrowUp');
      altKey(button('c', 'code'), 'ArrowUp');
    });
    await answerNext();
    await frame();
    expect(document.activeElement).toBe(button('c', 'code'));
    await answerNext();
    await frame();
    expect(shownOrder()).toEqual(['c', 'a', 'b']);
    // At the top its "Move up" is disabled: focus stays where the person pressed the key, not on the page.
    expect(button('c', 'up').disabled).toBe(true);
    expect(document.activeElement).toBe(button('c', 'code'));
  });

  it('moves focus to the other move button when the pressed one is disabled after the move', async () => {
    background.accounts = [account('a', 0), account('b', 1), account('c', 2)];
    await act(() => render(h(Harness, {}), root));
    button('b', 'up').focus();
    await act(() => button('b', 'up').click());
    // Answered outside act(): Preact renders as in the popup (act() would hold the render past the next frame).
    background.waiting.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
    await frame();
    expect(shownOrder()).toEqual(['b', 'a', 'c']);
    expect(document.activeElement).toBe(button('b', 'down'));
  });

  it('does not move rows while a search hides some of them', async () => {
    background.accounts = [account('a', 0), account('b', 1), account('c', 2)];
    await act(() => render(h(Harness, {}), root));
    const search = root.querySelector('#search') as HTMLInputElement;
    await act(() => {
      search.value = 'Issuer c';
      search.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(shownOrder()).toEqual(['c']);
    expect(button('c', 'up').disabled).toBe(true);
    await act(async () => {
      altKey(button('c', 'code'), 'ArrowUp');
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(background.sent).toEqual([]);
  });
});

describe('how the list is shown', () => {
  const groupedAccounts = () => [account('a', 0, 'totp', 'Work'), account('b', 1, 'totp', 'Home'), account('c', 2)];
  const listViewSets = () => background.requests.filter((r) => r.type === 'list-view-set');
  const select = async (id: string, value: string) =>
    act(() => {
      const el = root.querySelector(`#${id}`) as HTMLSelectElement;
      el.value = value;
      el.dispatchEvent(new Event('change', { bubbles: true }));
    });

  it('keeps the chosen sort when a later list still carries the view stored before it', async () => {
    background.accounts = groupedAccounts();
    background.listView = { sort: 'custom', collapsed: [] };
    await act(() => render(h(Harness, {}), root));
    await select('list-sort', 'name');
    expect(listViewSets()).toEqual([{ type: 'list-view-set', sort: 'name' }]);
    // A reload (after a pin, say) answered before the new sort was stored.
    await act(() => background.relist({ sort: 'custom', collapsed: ['Work'] }));
    expect((root.querySelector('#list-sort') as HTMLSelectElement).value).toBe('name');
    expect(root.querySelector('.account-group[data-group="Work"] li.account')).not.toBeNull();
  });

  it('takes the view from the first list that carries one', async () => {
    background.accounts = groupedAccounts();
    await act(() => render(h(Harness, {}), root));
    await act(() => background.relist({ sort: 'name', collapsed: ['Work'], filter: 'Home' }));
    expect((root.querySelector('#list-sort') as HTMLSelectElement).value).toBe('name');
    expect((root.querySelector('#list-filter') as HTMLSelectElement).value).toBe('Home');
    expect(shownOrder()).toEqual(['b']);
  });

  it('stores only folded groups still in use, and the filter; a filter on a gone group shows all', async () => {
    background.accounts = groupedAccounts();
    background.listView = { sort: 'custom', collapsed: ['Gone', 'Home'], filter: 'Gone' };
    await act(() => render(h(Harness, {}), root));
    expect(shownOrder()).toEqual(['a', 'c']);
    await act(() => (root.querySelector('.account-group[data-group="Work"] .group-toggle') as HTMLElement).click());
    expect(listViewSets().at(-1)).toEqual({ type: 'list-view-set', collapsed: ['Home', 'Work'] });
    await select('list-filter', 'Home');
    expect(listViewSets().at(-1)).toEqual({ type: 'list-view-set', filter: { group: 'Home' } });
    const filter = root.querySelector('#list-filter') as HTMLSelectElement;
    const all = [...filter.options].find((o) => o.value !== 'Home' && o.value !== 'Work' && o.value !== '')?.value;
    await select('list-filter', all as string);
    expect(listViewSets().at(-1)).toEqual({ type: 'list-view-set', filter: {} });
  });
});
