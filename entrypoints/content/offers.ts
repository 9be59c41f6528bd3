import { messageOf, t } from '../../components/i18n';
import type { Detection } from '../../lib/detect/types';
import { FillError } from '../../lib/fill/errors';
import { fillCode } from '../../lib/fill/fill';
import type { OfferedAccount, ResponseMap } from '../../lib/messaging/protocol';
import { RequestError } from '../../lib/messaging/reply';
import { sendRequest } from '../../platform/content-runtime';
import { type MenuContent, OfferUi } from './offer-ui';

type Codes = ResponseMap['codes-for-frame'];

const group = (code: string) =>
  code.length >= 6 ? `${code.slice(0, Math.ceil(code.length / 2))} ${code.slice(Math.ceil(code.length / 2))}` : code;
const label = (a: { issuer: string; account: string }) => ({
  title: a.issuer || a.account || t('content_offer_unnamed_account'),
  detail: a.issuer ? a.account : '',
});

/**
 * One offer per detected field: the button, its menu, and filling. Everything secret stays in the
 * background; this asks only for codes of accounts that belong to this frame's site.
 */
export class Offer {
  readonly ui: OfferUi;
  #detection: Detection;
  #submitAfterFill = false;

  constructor(doc: Document, detection: Detection) {
    this.#detection = detection;
    this.ui = new OfferUi(doc, detection.fields[0] as HTMLInputElement, {
      onOpen: () => void this.open(),
      isField: (target) => this.#detection.fields.some((f) => f === target),
      onPick: (id) => void this.pick(id),
      onAction: (id) => void this.action(id),
    });
  }

  get detection(): Detection {
    return this.#detection;
  }

  update(detection: Detection): void {
    this.#detection = detection;
    this.ui.place(detection.fields[0]);
  }

  async open(): Promise<void> {
    const codes = await sendRequest({ type: 'codes-for-frame' });
    this.#submitAfterFill = codes.submitAfterFill;
    this.ui.show(this.#menu(codes));
  }

  #menu(codes: Codes): MenuContent {
    if (codes.state === 'locked') {
      return {
        heading: t('common_locked_title'),
        note: t('content_offer_locked_note'),
        items: [],
        actions: [{ id: 'unlock', label: t('content_offer_unlock') }],
      };
    }
    if (codes.state === 'none') {
      return {
        heading: t('content_offer_no_vault'),
        note: t('content_offer_no_vault_note'),
        items: [],
        actions: [{ id: 'unlock', label: t('content_offer_open') }],
      };
    }
    if (this.#detection.kind === 'recovery') {
      const items = codes.accounts.flatMap((a) =>
        a.recoveryCodes.slice(0, 1).map((code) => ({ id: `recovery:${a.id}:${code}`, ...label(a), code })),
      );
      return items.length > 0
        ? {
            heading: t('content_offer_recovery_heading'),
            note: t('content_offer_recovery_note'),
            items,
            actions: [],
          }
        : { heading: t('content_offer_no_recovery_codes'), items: [], actions: [] };
    }
    if (codes.accounts.length === 0) {
      return {
        heading: t('content_offer_no_account'),
        items: [],
        actions: [{ id: 'others', label: t('content_offer_use_another') }],
      };
    }
    return {
      heading: t('content_offer_heading'),
      items: codes.accounts.map((a) =>
        a.code
          ? { id: a.id, ...label(a), code: group(a.code) }
          : {
              id: a.id,
              ...label(a),
              hint: a.source === 'key' ? t('content_offer_from_key') : t('content_offer_next_code'),
            },
      ),
      actions: [{ id: 'others', label: t('content_offer_use_another') }],
    };
  }

  async pick(itemId: string): Promise<void> {
    if (itemId.startsWith('recovery:')) {
      this.#fill(itemId.split(':').slice(2).join(':'));
      return;
    }
    const mismatch = itemId.startsWith('other:');
    const id = mismatch ? itemId.slice('other:'.length) : itemId;
    try {
      const { code } = await sendRequest({ type: 'fill-code', id, confirmMismatch: mismatch });
      this.#fill(code);
    } catch (e) {
      this.ui.show({
        heading: t('content_offer_fill_failed'),
        // The background's reason, or why the page's field refused the code; anything else is unexpected.
        note: e instanceof RequestError || e instanceof FillError ? messageOf(e) : t('content_offer_fill_failed_note'),
        items: [],
        actions: [],
      });
    }
  }

  async action(id: string): Promise<void> {
    if (id === 'unlock') {
      this.ui.close();
      await sendRequest({ type: 'open-unlock' });
      return;
    }
    if (id === 'others') {
      const { accounts } = await sendRequest({ type: 'all-account-names' });
      this.ui.show({
        heading: t('content_offer_others_heading'),
        warning: t('content_offer_others_warning', location.hostname),
        items: accounts.map((a) => ({ id: `other:${a.id}`, ...label(a) })),
        actions: [],
      });
    }
  }

  /** Fills the best account without a menu (shortcut, context menu, auto-fill); false if there is none. */
  async fillBest(codes?: Codes): Promise<boolean> {
    const known = codes ?? (await sendRequest({ type: 'codes-for-frame' }));
    this.#submitAfterFill = known.submitAfterFill;
    const best: OfferedAccount | undefined = known.accounts[0];
    if (known.state !== 'unlocked' || !best) {
      this.ui.show(this.#menu(known));
      return false;
    }
    await this.pick(best.id);
    return true;
  }

  #fill(code: string): void {
    const { fields, kind } = this.#detection;
    fillCode(fields, code, { mode: kind === 'password-otp' ? 'append' : 'replace' });
    this.ui.close();
    if (this.#submitAfterFill) submitAround(fields[fields.length - 1] as HTMLInputElement);
  }
}

/** Submits the field's form the way a click on its submit button would (validation and handlers run). */
function submitAround(field: HTMLInputElement): void {
  const form = field.form ?? field.closest('form');
  if (form) {
    form.requestSubmit();
    return;
  }
  // No <form> (SPAs): click the nearest button that says it submits.
  const scope = field.closest('[role=dialog], main, section, div') ?? field.ownerDocument.body;
  const button = [...scope.querySelectorAll<HTMLButtonElement>('button, [role=button], input[type=submit]')].find((b) =>
    /verify|submit|continue|sign in|log in|confirm|next|weiter|anmelden|valider|continuar|verifica/i.test(
      b.textContent || (b as unknown as HTMLInputElement).value || '',
    ),
  );
  button?.click();
}
