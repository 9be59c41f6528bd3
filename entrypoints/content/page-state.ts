import type { Detection } from '../../lib/detect/types';
import type { FieldOfferKind } from '../../lib/offer/bindings';
import { grantTarget, type Target } from './grant-target';
import { OfferAsks } from './offer-asks';
import type { Offer } from './offers';

/** Kinds the inline offer appears on: authenticator fields, recovery fields (stored recovery codes), and both. */
const OFFERED = new Set<Detection['kind']>(['totp', 'recovery', 'dual', 'password-otp']);

/** Recovery codes a page shows are looked for at most this often (they stay on screen until saved). */
export const LIST_SCAN_MS = 1000;

/**
 * What the content script knows of its frame: the offers it made, the fields the last scan detected, what the
 * person last focused and right-clicked, and which fields the next grant is for. index.ts wires the page's events
 * and the background's commands to these methods; the decisions that depend only on this state are made here.
 */
export class PageState {
  /** The offer of each offered code field (its first box), parked while the field is hidden. */
  readonly offers = new Map<HTMLInputElement, Offer>();
  /** Fields that had an offer asked for: once made, never again; refused, again on a later scan. */
  readonly asks = new OfferAsks<HTMLInputElement>();
  /** Offers to save recovery codes a page shows (docs/architecture.md "Recovery codes"), by their element. */
  readonly lists = new Map<Element, Offer>();
  readonly listAsks = new OfferAsks<Element>();
  /** When lists were last looked for: a busy page's rescans look again at most once a second. */
  #listsAt = Number.NEGATIVE_INFINITY;
  /** Every detection of the last scan, of any kind (SMS and e-mail fields too: they get nothing). */
  #detections: readonly Detection[] = [];
  /** The code-field count last reported to the background. */
  #reported = 0;
  /** The field auto-fill last reported: the background hears of each new code field once. */
  #readyReported: HTMLInputElement | undefined;
  #lastFocused: HTMLInputElement | undefined;
  #lastRightClicked: HTMLInputElement | undefined;
  /** Whatever was right-clicked last: the image of an "Add QR code to Twofold" menu click. */
  #lastContextTarget: Element | undefined;
  /** The fields a shortcut, context-menu or automatic fill is for, until its grant arrives. */
  #pending: Target | undefined;

  /** Records a scan's detections (only those with fields); answers the ones that get an offer. */
  detected(detections: readonly Detection[]): Detection[] {
    this.#detections = detections.filter((d) => d.fields.length > 0);
    return this.#detections.filter((d) => OFFERED.has(d.kind));
  }

  /** The detection `el` is a field of, if it is an input the last scan found. */
  detectionOf(el: EventTarget | null | undefined): Detection | undefined {
    return el instanceof HTMLInputElement ? this.#detections.find((d) => d.fields.includes(el)) : undefined;
  }

  /** Whether `count` code fields differ from what the background last heard (and is now told). */
  countChanged(count: number): boolean {
    if (count === this.#reported) return false;
    this.#reported = count;
    return true;
  }

  /**
   * A new, empty authenticator field among `offered` that the background has not heard of: the background then
   * decides whether to fill it by itself (off by default). Answers whether it is an enrolment (verify) step, which
   * is never filled by itself (docs/auto-fill.md "What neither option ever does"); otherwise the grant that may follow
   * is for its fields.
   */
  readyField(
    offered: readonly Detection[],
    isEnrolmentStep: (field: HTMLInputElement) => boolean,
  ): { enrol: boolean } | undefined {
    const totp = offered.find((d) => d.kind === 'totp');
    const field = totp?.fields[0] as HTMLInputElement | undefined;
    if (!totp || !field || field === this.#readyReported || totp.fields.some((f) => f.value !== '')) return undefined;
    this.#readyReported = field;
    const enrol = isEnrolmentStep(field);
    if (!enrol) this.#pending = { fields: totp.fields, kind: 'totp' };
    return { enrol };
  }

  /**
   * The shortcut or the context menu reached this frame for `d`: its fields are what the grant will fill. Answers
   * the kind to ask a grant for, or undefined for fields that get nothing (SMS, e-mail).
   */
  askFill(d: Detection): FieldOfferKind | undefined {
    if (!OFFERED.has(d.kind)) return undefined;
    this.#pending = { fields: d.fields, kind: d.kind };
    return d.kind as FieldOfferKind;
  }

  /**
   * The fields a `fill-grant` fills (entrypoints/content/grant-target.ts); whatever was pending is used up. A grant
   * naming an offer whose field is hidden for now (parked) fills nothing.
   */
  takeGrantTarget(offer: string | undefined): Target | undefined {
    const target = grantTarget(offer, this.offers.values(), this.#pending, this.detectionOf(this.#lastFocused));
    this.#pending = undefined;
    return target;
  }

  /** The person focused `el`, a detected code field (every time: focus may have gone to another frame and back). */
  focused(el: HTMLInputElement): void {
    this.#lastFocused = el;
  }

  /** The element a context menu was opened on (composedPath()[0]: inside open shadow roots too). */
  rightClicked(el: EventTarget | undefined): void {
    this.#lastContextTarget = el instanceof Element ? el : undefined;
    this.#lastRightClicked = el instanceof HTMLInputElement ? el : undefined;
  }

  /** The input the context menu was last opened on, while it is still in the page. */
  rightClickedField(): HTMLInputElement | undefined {
    return this.#lastRightClicked?.isConnected ? this.#lastRightClicked : undefined;
  }

  /** Whatever the context menu was last opened on (an image for "Add to Twofold"). */
  contextTarget(): Element | undefined {
    return this.#lastContextTarget;
  }

  /** The offer (of a field or of a list of recovery codes) whose frame has `token`. */
  offerByToken(token: string): Offer | undefined {
    return this.allOffers().find((o) => o.token === token);
  }

  allOffers(): Offer[] {
    return [...this.offers.values(), ...this.lists.values()];
  }

  /** Whether recovery lists are due to be looked for at `now`; if so, the next look is not before a second. */
  listsDue(now: number): boolean {
    if (now - this.#listsAt < LIST_SCAN_MS) return false;
    this.#listsAt = now;
    return true;
  }
}
