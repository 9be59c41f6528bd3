import type { Detection } from '../../lib/detect/types';
import type { OfferKind } from '../../lib/offer/bindings';
import { extensionUrl, sendRequest } from '../../platform/content-runtime';
import { throttle } from './throttle';

/** The frame's sizes: closed, the button; open, one fixed menu size (it scrolls inside), whatever it lists. */
const CLOSED = { width: 26, height: 26 };
const OPEN = { width: 320, height: 300 };
/** Space between segmented boxes and the button beside them. */
const GAP = 4;

type Rect = { left: number; top: number; right: number; bottom: number; width: number; height: number };

/** The box around all of a detection's fields (one field: its own box). */
function boundsOf(fields: readonly Element[]): Rect {
  const rects = fields.map((f) => f.getBoundingClientRect()).filter((r) => r.width > 0 || r.height > 0);
  if (rects.length === 0) return { left: 0, top: 0, right: 0, bottom: 0, width: 0, height: 0 };
  const left = Math.min(...rects.map((r) => r.left));
  const top = Math.min(...rects.map((r) => r.top));
  const right = Math.max(...rects.map((r) => r.right));
  const bottom = Math.max(...rects.map((r) => r.bottom));
  return { left, top, right, bottom, width: right - left, height: bottom - top };
}

/**
 * Where the closed button goes beside a group of segmented boxes: inside the first box it
 * hid the first digit and took the box's clicks. Right of the group, vertically centred; else left of it; else
 * below its right end: never over a box.
 */
function besideGroup(g: Rect, vw: number): { x: number; y: number } {
  const y = g.top + (g.height - CLOSED.height) / 2;
  if (g.right + GAP + CLOSED.width <= vw) return { x: g.right + GAP, y };
  if (g.left - GAP - CLOSED.width >= 0) return { x: g.left - GAP - CLOSED.width, y };
  return { x: Math.max(0, g.right - CLOSED.width), y: g.bottom + GAP };
}

/**
 * Where the frame lives: in the field's <dialog> or popover when it has one (a modal dialog draws in the top layer,
 * above any z-index, and makes the rest of the page inert: HTML "The dialog element", "Modal dialogs and inert
 * subtrees"), else in the body.
 */
function hostFor(field: Element): Element {
  const layer = field.closest('dialog, [popover]');
  return layer ?? field.ownerDocument.body ?? field.ownerDocument.documentElement;
}

/** Beside recovery codes a page shows: a labelled button ("Save these 8 recovery codes"), one size whatever it says. */
const LIST_CLOSED = { width: 300, height: 30 };

/**
 * One offer per detected field: a plain `<iframe>` at the field's right end whose document is the extension's
 * offer frame (entrypoints/offer-frame/). The page sees only a built-in element of a fixed size, with no name,
 * class, id or attribute of ours and nothing inside it it can read (docs/architecture.md attacks 1, 4 and 8). The token
 * in its URL fragment is the background's; only the frame can present it.
 */
export class Offer {
  readonly frame: HTMLIFrameElement;
  readonly token: string;
  #detection: Detection;
  #open = false;
  #placed = '';
  /** The style attribute as this script last wrote it: anything else is the page's doing. */
  #written = '';
  /** Moves are reported at most every 100 ms, the last one always (the frame needs to know when it last moved). */
  readonly #moved = throttle(() => void sendRequest({ type: 'offer-moved', offer: this.token }).catch(() => {}), 100);
  /** Watches the iframe element's own attributes always, and its ancestors' style and class while open. */
  readonly #watch: MutationObserver;
  #box = '';
  #polling = 0;
  /** The field is in the page but hidden for now (another tab, a closed pane): the offer waits, out of sight. */
  #parked = false;
  /** Recovery-list offers: the element holding the codes (the frame sits at its top right). */
  readonly #list: Element | undefined;

  private constructor(doc: Document, detection: Detection, token: string, list?: Element) {
    this.#detection = detection;
    this.#list = list;
    this.token = token;
    this.frame = doc.createElement('iframe');
    this.frame.src = `${extensionUrl('/offer-frame.html')}#${token}`;
    hostFor(list ?? (detection.fields[0] as Element)).append(this.frame);
    // The page owns the element: it can restyle it (an !important rule of its own, opacity, another place) or
    // transform an ancestor, which moves the open menu without any resize or scroll (the clickjacking of
    // docs/architecture.md attack 2). Our own styles are put back at once, and every such change counts as a move, so a
    // pick waits again.
    this.#watch = new MutationObserver((records) => {
      if (records.some((r) => r.target === this.frame)) this.place();
      this.#moved();
    });
    this.#watchFrame();
    this.place();
  }

  #watchFrame(): void {
    this.#watch.disconnect();
    this.#watch.observe(this.frame, { attributes: true });
    if (!this.#open) return;
    for (let el = this.frame.parentElement; el; el = el.parentElement) {
      this.#watch.observe(el, { attributes: true, attributeFilter: ['style', 'class'] });
    }
  }

  /** While open, the frame's box is compared every animation frame: stylesheet changes move it too. */
  #poll = (): void => {
    this.#polling = 0;
    if (!this.#open || !this.frame.isConnected) return;
    const r = this.frame.getBoundingClientRect();
    const box = `${r.x},${r.y},${r.width},${r.height}`;
    if (box !== this.#box) {
      this.#box = box;
      this.#moved();
    }
    const view = this.frame.ownerDocument.defaultView;
    this.#polling = view?.requestAnimationFrame(this.#poll) ?? 0;
  };

  /**
   * Asks the background for an offer; none (no vault, or the background refuses) means no UI at all. `enrol`: the
   * field is on an enrolment (verify) step (the background then never fills it after an unlock).
   */
  static async create(doc: Document, detection: Detection, enrol = false): Promise<Offer | undefined> {
    const kind = detection.kind as OfferKind;
    const reply = await sendRequest({ type: 'offer-open', kind, ...(enrol ? { enrol } : {}) }).catch(() => undefined);
    return reply ? new Offer(doc, detection, reply.offer) : undefined;
  }

  /**
   * Recovery codes a page shows (docs/architecture.md attack 14): the background answers only where this site has an
   * account, and saves the codes only after a guarded click in the frame. The codes are the page's own (it shows them).
   */
  static async forRecoveryList(doc: Document, anchor: Element, codes: string[]): Promise<Offer | undefined> {
    const reply = await sendRequest({ type: 'offer-open', kind: 'recovery-list', codes }).catch(() => undefined);
    const none: Detection = { kind: 'recovery', fields: [], confidence: 0, reasons: ['recovery-list'] };
    return reply ? new Offer(doc, none, reply.offer, anchor) : undefined;
  }

  get detection(): Detection {
    return this.#detection;
  }

  get field(): HTMLInputElement {
    return this.#detection.fields[0] as HTMLInputElement;
  }

  update(detection: Detection): void {
    this.#detection = detection;
    if (this.#parked) this.#tellHidden(false);
    this.#parked = false;
    this.place();
  }

  /**
   * The field is still in the page but no longer shown: the offer stays (a field makes one offer, ever: see
   * offer-asks.ts) but is hidden until a scan finds the field again and calls {@link update}.
   */
  /** Whether the field is hidden for now (its offer kept, out of sight). */
  get parked(): boolean {
    return this.#parked;
  }

  park(): void {
    if (!this.#parked) this.#tellHidden(true);
    this.#parked = true;
    this.place();
  }

  /** The background hears when the field is hidden or shown again: the popup's Fill and the unlock window skip it. */
  #tellHidden(hidden: boolean): void {
    void sendRequest({ type: 'offer-moved', offer: this.token, hidden }).catch(() => {});
  }

  /**
   * Puts the frame at the field's right end, or beside a group of segmented boxes (re-run on scroll, resize and DOM
   * changes); tells the frame it moved.
   */
  place(): void {
    const anchor = this.#list ?? this.field;
    const view = anchor.ownerDocument.defaultView;
    const fields = this.#detection.fields;
    const r = boundsOf(this.#list ? [this.#list] : fields);
    // The open menu must lie wholly inside the viewport: a frame clipped by its document counts as covered for
    // IntersectionObserver v2, and picks in it would be refused. So it is shrunk to a smaller viewport (never to
    // what it lists) and moved up or left to fit.
    const vw = anchor.ownerDocument.documentElement.clientWidth || (view?.innerWidth ?? OPEN.width);
    const vh = anchor.ownerDocument.documentElement.clientHeight || (view?.innerHeight ?? OPEN.height);
    const closed = this.#list ? LIST_CLOSED : CLOSED;
    const size = this.#open ? { width: Math.min(OPEN.width, vw), height: Math.min(OPEN.height, vh) } : closed;
    // A single field: the button sits at its right end. Segmented boxes: beside the group. A list of recovery
    // codes: its labelled button at the list's top right.
    const button = this.#list
      ? { x: r.right - 2 - closed.width, y: r.top }
      : fields.length > 1
        ? besideGroup(r, vw)
        : { x: r.right - 2 - CLOSED.width, y: r.top + Math.max(0, (r.height - CLOSED.height) / 2) };
    // The button's right edge stays where it was; the open menu grows to the left and down from it.
    let x = button.x + closed.width - size.width;
    let y = button.y;
    if (this.#open) {
      x = Math.max(0, Math.min(x, vw - size.width));
      y = Math.max(0, Math.min(y, vh - size.height));
    }
    // Absolute positions count from the host's padding box: the document's for the body, a dialog's own otherwise.
    const host = this.frame.parentElement;
    let left: number;
    let top: number;
    if (host && host.localName !== 'body' && host !== host.ownerDocument.documentElement) {
      const h = host.getBoundingClientRect();
      left = x - h.left - host.clientLeft + host.scrollLeft;
      top = y - h.top - host.clientTop + host.scrollTop;
    } else {
      left = Math.max(0, x + (view?.scrollX ?? 0));
      top = y + (view?.scrollY ?? 0);
    }
    const hidden = this.#parked || (r.width === 0 && r.height === 0);
    const placed = `${Math.round(left)},${Math.round(top)},${size.width},${size.height},${hidden}`;
    if (placed === this.#placed && this.frame.style.cssText === this.#written) return;
    this.#placed = placed;
    // Inline, !important, from `all: initial`: page styles cannot reach it short of rewriting the attribute, and
    // a rewrite is undone here (the whole attribute is ours, so anything the page added goes too).
    const style = [
      'all: initial',
      'position: absolute',
      `left: ${Math.round(left)}px`,
      `top: ${Math.round(top)}px`,
      `width: ${size.width}px`,
      `height: ${size.height}px`,
      'border: 0',
      'z-index: 2147483647',
      `display: ${hidden ? 'none' : 'block'}`,
    ]
      .map((d) => `${d} !important;`)
      .join(' ');
    // Through the CSSOM (cssText), which a page's CSP does not block as it would a style attribute's markup.
    this.frame.style.cssText = style;
    this.#written = this.frame.style.cssText;
    this.#moved();
  }

  /** The frame asked (through the background) to be opened or closed. */
  layout(open: boolean, focusField: boolean): void {
    this.#open = open;
    this.#watchFrame();
    this.place();
    const view = this.frame.ownerDocument.defaultView;
    if (open && this.#polling === 0) this.#polling = view?.requestAnimationFrame(this.#poll) ?? 0;
    if (focusField) (this.#list ? this.frame : this.field).focus();
  }

  /** Alt+Down in the field: focus goes into the frame, which opens its menu. */
  openByKey(): void {
    this.frame.focus();
    void sendRequest({ type: 'offer-key-open', offer: this.token }).catch(() => {});
  }

  remove(): void {
    this.#open = false;
    this.#watch.disconnect();
    this.frame.remove();
  }
}
