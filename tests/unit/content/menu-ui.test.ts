// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type MenuContent, OfferUi } from '../../../entrypoints/offer-frame/menu-ui';
import { setTranslator } from '../../../lib/i18n/translate';
import { catalogTranslator } from '../i18n/english';

/** The offer frame's document (an extension page in an iframe: page scripts cannot reach it; the test can). */
function mount(handlers: Partial<ConstructorParameters<typeof OfferUi>[1]> = {}) {
  document.head.innerHTML = '';
  document.body.innerHTML = '';
  const onClose = vi.fn();
  const ui = new OfferUi(document, { onOpen: () => {}, onClose, onPick: () => {}, onAction: () => {}, ...handlers });
  return { ui, root: document, onClose };
}

const MENU: MenuContent = {
  heading: 'Fill a code',
  items: [
    { id: 'a', title: 'GitHub', detail: 'alice', code: '123 456' },
    { id: 'b', title: 'Key account', detail: '', hint: 'from key' },
  ],
  actions: [{ id: 'others', label: 'Use another account…' }],
};

const key = (target: EventTarget, k: string, init: KeyboardEventInit = {}) =>
  target.dispatchEvent(
    new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, cancelable: true, ...init }),
  );

beforeEach(() => setTranslator(catalogTranslator('en')));
afterEach(() => {
  document.body.innerHTML = '';
});

describe('inline offer UI', () => {
  it('labels the button through the catalog, in the user’s language', () => {
    setTranslator(catalogTranslator('de'));
    const { root } = mount();
    const trigger = root.querySelector('.trigger') as HTMLButtonElement;
    expect(trigger.getAttribute('aria-label')).toBe('Zwei-Faktor-Code mit Twofold ausfüllen');
    expect(trigger.title).toBe('Twofold');
  });

  it('names items with their visible words in order: the code as shown, hints as words', () => {
    const { ui, root } = mount();
    ui.show(MENU);
    const items = [...root.querySelectorAll('.item')];
    expect(items[0]?.getAttribute('aria-label')).toBe('GitHub alice, 123 456');
    expect(items[1]?.getAttribute('aria-label')).toBe('Key account, from key');
    const menu = root.querySelector('.menu') as HTMLElement;
    expect(menu.getAttribute('role')).toBe('menu');
    expect(root.getElementById('heading')?.textContent).toBe('Fill a code');
    expect(menu.getAttribute('aria-labelledby')).toBe('heading');
  });

  it('focuses the first entry; arrows, Home and End move between entries; Escape closes and returns focus', () => {
    const { ui, root, onClose } = mount();
    const trigger = root.querySelector('.trigger') as HTMLButtonElement;
    ui.show(MENU);
    const entries = [...root.querySelectorAll('button.item, button.action')] as HTMLButtonElement[];
    expect(root.activeElement).toBe(entries[0]);
    key(entries[0] as HTMLElement, 'ArrowDown');
    expect(root.activeElement).toBe(entries[1]);
    key(entries[1] as HTMLElement, 'End');
    expect(root.activeElement).toBe(entries[2]);
    key(entries[2] as HTMLElement, 'ArrowDown');
    expect(root.activeElement).toBe(entries[0]);
    key(entries[0] as HTMLElement, 'ArrowUp');
    expect(root.activeElement).toBe(entries[2]);
    key(entries[2] as HTMLElement, 'Home');
    expect(root.activeElement).toBe(entries[0]);
    key(entries[0] as HTMLElement, 'Escape');
    expect((root.querySelector('.menu') as HTMLElement).hidden).toBe(true);
    expect(trigger.getAttribute('aria-expanded')).toBe('false');
    // Focus goes back to the field in the page: the frame asks for that through the background.
    expect(onClose).toHaveBeenCalledWith(true);
  });

  it('a message without entries is a focusable dialog described by its note', () => {
    const { ui, root } = mount();
    ui.show({ heading: 'Could not fill', note: 'Something went wrong.', items: [], actions: [] });
    const menu = root.querySelector('.menu') as HTMLElement;
    expect(menu.getAttribute('role')).toBe('dialog');
    expect(menu.getAttribute('aria-describedby')).toBe('note');
    expect(root.activeElement).toBe(menu);
  });

  it('says in a status line why a pick was ignored, and picks only on the user’s own clicks', () => {
    const onPick = vi.fn();
    const { ui, root } = mount({ onPick });
    ui.show(MENU);
    ui.notice('The menu has just appeared or moved.');
    const status = root.querySelector('[role=status]') as HTMLElement;
    expect(status.textContent).toBe('The menu has just appeared or moved.');
    (root.querySelector('.item') as HTMLButtonElement).click();
    expect(onPick).not.toHaveBeenCalled();
  });
});
