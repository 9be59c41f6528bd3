// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setTranslator } from '../../../components/i18n';
import { type MenuContent, OfferUi } from '../../../entrypoints/content/offer-ui';
import { catalogTranslator } from '../i18n/english';

/** The offer's closed shadow root, caught as it is attached (page scripts cannot reach it; the test can). */
function mount(handlers: Partial<ConstructorParameters<typeof OfferUi>[2]> = {}) {
  document.body.innerHTML = '<input id="otp">';
  const field = document.querySelector('#otp') as HTMLInputElement;
  const attach = vi.spyOn(HTMLElement.prototype, 'attachShadow');
  const ui = new OfferUi(document, field, {
    onOpen: () => {},
    isField: (target) => target === field,
    onPick: () => {},
    onAction: () => {},
    ...handlers,
  });
  const root = attach.mock.results[0]?.value as ShadowRoot;
  attach.mockRestore();
  return { ui, root, field };
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
    const { ui, root } = mount();
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
    expect(root.activeElement).toBe(trigger);
  });

  it('a message without entries is a focusable dialog described by its note and warning', () => {
    const { ui, root } = mount();
    ui.show({ heading: 'Could not fill', note: 'Something went wrong.', warning: 'Careful.', items: [], actions: [] });
    const menu = root.querySelector('.menu') as HTMLElement;
    expect(menu.getAttribute('role')).toBe('dialog');
    expect(menu.getAttribute('aria-describedby')).toBe('note warning');
    expect(root.activeElement).toBe(menu);
  });

  it('Alt+Down in the field opens the menu only for the user’s own keys', () => {
    const onOpen = vi.fn();
    const { field, ui } = mount({ onOpen });
    // Synthetic events are untrusted: a page cannot open the menu for the user.
    key(field, 'ArrowDown', { altKey: true });
    expect(onOpen).not.toHaveBeenCalled();
    const trusted = (init: KeyboardEventInit) => {
      const e = new KeyboardEvent('keydown', { bubbles: true, composed: true, cancelable: true, ...init });
      Object.defineProperty(e, 'isTrusted', { value: true });
      return e;
    };
    field.dispatchEvent(trusted({ key: 'ArrowDown' }));
    expect(onOpen).not.toHaveBeenCalled();
    const altDown = trusted({ key: 'ArrowDown', altKey: true });
    field.dispatchEvent(altDown);
    expect(onOpen).toHaveBeenCalledTimes(1);
    expect(altDown.defaultPrevented).toBe(true);
    document.body.dispatchEvent(trusted({ key: 'ArrowDown', altKey: true }));
    expect(onOpen).toHaveBeenCalledTimes(1);
    ui.remove();
    field.dispatchEvent(trusted({ key: 'ArrowDown', altKey: true }));
    expect(onOpen).toHaveBeenCalledTimes(1);
  });
});
