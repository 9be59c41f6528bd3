import { t } from '../../lib/i18n/translate';

/*
 * The inline offer's button and menu, drawn inside the offer frame: an extension page in an iframe at the code
 * field (docs/architecture.md "The offer frame"), so the page can neither read nor restyle it (window.find() and
 * attachInternals() do not reach into another origin's document). Plain DOM, no framework, to keep the frame light and
 * quick to show. Keyboard: Enter/Space on the button (or Alt+Down in the field, which the content script forwards)
 * opens the menu; Up/Down/Home/End move between its entries, Enter picks one, Escape closes it and returns to the
 * field.
 */

export interface OfferItem {
  id: string;
  title: string;
  detail: string;
  /** Shown at the right of the item (grouped as given) and part of its name as shown: the code. */
  code?: string;
  /** Shown at the right of the item instead of a code: "next code", "from key". */
  hint?: string;
}

export interface MenuContent {
  heading: string;
  note?: string;
  items: OfferItem[];
  /** Extra actions at the bottom ("Use another account…", "Unlock Twofold"). */
  actions: { id: string; label: string }[];
}

export interface OfferHandlers {
  /** The button was clicked (or Enter/Space on it): the caller builds the menu. */
  onOpen(): void;
  /** The menu was closed: `byEscape` sends focus back to the field in the page. */
  onClose(byEscape: boolean): void;
  onPick(itemId: string): void;
  onAction(actionId: string): void;
}

const STYLE = `
html, body { margin: 0; padding: 0; background: transparent; overflow: hidden; height: 100%; }
button { font: 600 12px/1 system-ui, sans-serif; cursor: pointer; }
.trigger { position: absolute; top: 2px; right: 2px; width: 22px; height: 22px; border-radius: 6px; border: 1px solid #0b5cad; background: #fff; color: #0b5cad;
  display: grid; place-items: center; padding: 0; box-shadow: 0 1px 2px rgba(0,0,0,.2); }
.trigger.wide { left: 2px; width: auto; height: 26px; top: 2px; display: flex; align-items: center; gap: 6px;
  padding: 0 8px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.trigger:focus-visible, .item:focus-visible, .action:focus-visible, .menu:focus-visible { outline: 2px solid #0b5cad;
  outline-offset: 2px; }
.item:focus-visible, .action:focus-visible { outline-offset: -2px; background: #eef4fb; }
.menu { position: absolute; top: 28px; right: 2px; left: 2px; bottom: 2px; box-sizing: border-box; overflow: auto;
  background: #fff; color: #1b1f24; border: 1px solid #c9d1d9; border-radius: 8px; padding: 6px;
  font: 13px/1.35 system-ui, sans-serif; }
.notice { color: #8a4b00; background: #fff4e5; border-radius: 6px; padding: 6px; margin: 0 0 6px; }
.notice:empty { display: none; }
.heading { font-weight: 600; padding: 4px 6px 6px; }
.note { color: #57606a; padding: 0 6px 6px; }
.item, .action { display: flex; width: 100%; align-items: center; justify-content: space-between; gap: 8px; text-align: left;
  border: 0; background: none; border-radius: 6px; padding: 6px; font: inherit; color: inherit; }
.item:hover, .action:hover { background: #eef4fb; }
.title { font-weight: 600; }
.detail { color: #57606a; font-size: 12px; }
.badge { font: 600 14px ui-monospace, monospace; letter-spacing: 1px; color: #0b5cad; }
.hint { font-size: 12px; color: #0b5cad; white-space: nowrap; }
.action { color: #0b5cad; font-weight: 600; }
@media (prefers-color-scheme: dark) {
  .trigger { background: #0d1117; color: #58a6ff; border-color: #58a6ff; }
  .menu { background: #161b22; color: #e6edf3; border-color: #30363d; }
  .detail, .note { color: #9da7b3; }
  .item:hover, .action:hover, .item:focus-visible, .action:focus-visible { background: #1f2937; }
  .trigger:focus-visible, .item:focus-visible, .action:focus-visible, .menu:focus-visible { outline-color: #58a6ff; }
  .badge, .hint, .action { color: #58a6ff; }
  .notice { background: #3b2a10; color: #f0c36b; }
}
`;

/** A key icon, drawn with DOM calls (no remote resources, ever; no markup parsing). */
function keyIcon(doc: Document): SVGSVGElement {
  const NS = 'http://www.w3.org/2000/svg';
  const svg = doc.createElementNS(NS, 'svg');
  const attrs = { width: '14', height: '14', viewBox: '0 0 24 24', 'aria-hidden': 'true', fill: 'none' };
  for (const [k, v] of Object.entries(attrs)) svg.setAttribute(k, v);
  for (const [k, v] of Object.entries({ stroke: 'currentColor', 'stroke-width': '2.2', 'stroke-linecap': 'round' })) {
    svg.setAttribute(k, v);
  }
  const circle = doc.createElementNS(NS, 'circle');
  for (const [k, v] of Object.entries({ cx: '8', cy: '15', r: '4' })) circle.setAttribute(k, v);
  const path = doc.createElementNS(NS, 'path');
  path.setAttribute('d', 'M11 12l9-9M17 6l3 3M15 8l2 2');
  svg.append(circle, path);
  return svg;
}

export class OfferUi {
  readonly #doc: Document;
  readonly #trigger: HTMLButtonElement;
  readonly #menu: HTMLDivElement;
  readonly #handlers: OfferHandlers;

  constructor(doc: Document, handlers: OfferHandlers) {
    this.#doc = doc;
    this.#handlers = handlers;
    // A constructed style sheet: the extension pages' CSP (wxt.config.ts) allows no inline <style>, and needs none.
    const sheet = new (doc.defaultView ?? globalThis).CSSStyleSheet();
    sheet.replaceSync(STYLE);
    this.#trigger = doc.createElement('button');
    this.#trigger.className = 'trigger';
    this.#trigger.type = 'button';
    this.#trigger.setAttribute('aria-label', t('content_offer_button_label'));
    this.#trigger.setAttribute('aria-haspopup', 'menu');
    this.#trigger.setAttribute('aria-expanded', 'false');
    this.#trigger.title = t('common_app_name');
    this.#trigger.append(keyIcon(doc));
    this.#menu = doc.createElement('div');
    this.#menu.className = 'menu';
    this.#menu.setAttribute('role', 'menu');
    this.#menu.tabIndex = -1;
    this.#menu.hidden = true;
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
    doc.body.append(this.#trigger, this.#menu);
    // Only real user input counts: nothing but the user can click inside this frame, but the rule costs nothing.
    this.#trigger.addEventListener('click', (e) => {
      if (!e.isTrusted) return;
      e.preventDefault();
      if (this.#menu.hidden) handlers.onOpen();
      else this.close(false);
    });
    doc.addEventListener('keydown', (e) => this.#onMenuKey(e));
  }

  /**
   * The button says what it does, for recovery codes a page shows ("Save these 8 recovery codes to Twofold"): the
   * frame is one fixed size for this (lib content/offers.ts LIST_CLOSED), whatever the text.
   */
  setLabel(label: string): void {
    this.#trigger.classList.add('wide');
    this.#trigger.setAttribute('aria-label', label);
    this.#trigger.append(this.#doc.createTextNode(label));
  }

  get isOpen(): boolean {
    return !this.#menu.hidden;
  }

  /** Shows the menu with `content`; the first item (or action), else the menu itself, gets focus for keyboard users. */
  show(content: MenuContent): void {
    const doc = this.#doc;
    const el = (tag: string, cls: string, text?: string, id?: string) => {
      const node = doc.createElement(tag);
      node.className = cls;
      if (text !== undefined) node.textContent = text;
      if (id) node.id = id;
      return node;
    };
    // Named by its heading and described by its note, so a screen reader reads the note too.
    this.#menu.replaceChildren(el('div', 'heading', content.heading, 'heading'));
    this.#menu.setAttribute('aria-labelledby', 'heading');
    if (content.note) {
      this.#menu.append(el('div', 'note', content.note, 'note'));
      this.#menu.setAttribute('aria-describedby', 'note');
    } else this.#menu.removeAttribute('aria-describedby');
    // Why a pick was ignored (the frame moved, or something covers it): read out as it appears.
    const notice = el('div', 'notice', undefined, 'notice');
    notice.setAttribute('role', 'status');
    this.#menu.append(notice);
    // Only a message and no entries (locked with nothing to do, a failed fill): a dialog, not a menu.
    this.#menu.setAttribute('role', content.items.length + content.actions.length > 0 ? 'menu' : 'dialog');
    for (const item of content.items) {
      const button = el('button', 'item') as HTMLButtonElement;
      button.type = 'button';
      button.setAttribute('role', 'menuitem');
      button.dataset.id = item.id;
      const text = el('span', '');
      // Spaces between the parts (not laid out in flex and block boxes) keep the words apart in the text.
      text.append(el('div', 'title', item.title), ' ', el('div', 'detail', item.detail));
      button.append(text);
      if (item.code) button.append(' ', el('span', 'badge', item.code));
      else if (item.hint) button.append(' ', el('span', 'hint', item.hint));
      const name = item.detail ? t('content_offer_item_name', item.title, item.detail) : item.title;
      // The name holds the visible words in their order, code as shown (WCAG 2.5.3 "label in name"), so
      // speech input users can say what they see.
      const extra = item.code ?? item.hint;
      button.setAttribute('aria-label', extra ? t('content_offer_item_hint', name, extra) : name);
      button.addEventListener('click', (e) => {
        if (!e.isTrusted) return;
        e.preventDefault();
        this.#handlers.onPick(item.id);
      });
      this.#menu.append(button);
    }
    for (const action of content.actions) {
      const button = el('button', 'action', action.label) as HTMLButtonElement;
      button.type = 'button';
      button.setAttribute('role', 'menuitem');
      button.dataset.action = action.id;
      button.addEventListener('click', (e) => {
        if (!e.isTrusted) return;
        e.preventDefault();
        this.#handlers.onAction(action.id);
      });
      this.#menu.append(button);
    }
    this.#menu.hidden = false;
    this.#trigger.setAttribute('aria-expanded', 'true');
    (this.#entries()[0] ?? this.#menu).focus();
  }

  /** Says in the menu why the last pick was ignored. */
  notice(message: string): void {
    const node = this.#menu.querySelector('.notice');
    if (node) node.textContent = message;
  }

  close(byEscape: boolean): void {
    if (this.#menu.hidden) return;
    this.#menu.hidden = true;
    this.#trigger.setAttribute('aria-expanded', 'false');
    this.#handlers.onClose(byEscape);
  }

  #entries(): HTMLButtonElement[] {
    return [...this.#menu.querySelectorAll('button')];
  }

  /** Escape closes the menu; the arrow keys, Home and End move between its entries (WAI-ARIA menu pattern). */
  #onMenuKey(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      if (this.#menu.hidden) return;
      e.preventDefault();
      this.close(true);
      return;
    }
    if (this.#menu.hidden || !['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return;
    const entries = this.#entries();
    if (entries.length === 0) return;
    const at = entries.indexOf(this.#doc.activeElement as HTMLButtonElement);
    const last = entries.length - 1;
    const next =
      e.key === 'Home'
        ? 0
        : e.key === 'End'
          ? last
          : e.key === 'ArrowDown'
            ? (at + 1) % entries.length
            : at <= 0
              ? last
              : at - 1;
    e.preventDefault();
    entries[next]?.focus();
  }
}
