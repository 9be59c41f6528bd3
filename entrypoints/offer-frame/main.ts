import { displayName } from '../../components/account-order';
import { messageOf, setTranslator, t, tn } from '../../lib/i18n/translate';
import type { OfferMenu, OfferMenuItem } from '../../lib/messaging/protocol';
import { RequestError } from '../../lib/messaging/reply';
import { judgeClick, Sightings, type Visibility } from '../../lib/offer/click-guard';
import { sendRequest } from '../../platform/content-runtime';
import { browserTranslator } from '../../platform/i18n';
import { onOfferNotice } from '../../platform/offer-notices';
import { inlineItems } from './inline-items';
import { type MenuContent, OfferUi } from './menu-ui';
import { withNotice } from './notice';
import { replacesNote } from './replaces-note';
import { copyReport } from './report-copy';

/*
 * The offer frame (docs/architecture.md "The offer frame"): an extension page the content script puts at a code field
 * in an iframe. Its URL fragment holds a one-time token the background minted for that page frame; the frame presents
 * it once (`offer-hello`) and is then the only frame the background serves for it. The page can read the token from the
 * iframe's src, but a page cannot send extension messages, and the first presenter (this frame) holds it.
 * Names and codes come only after a trusted click or key here, and a pick counts only when the frame has been
 * still for a moment and, where the browser can tell, is really visible (lib/offer/click-guard.ts).
 */

setTranslator(browserTranslator);
document.documentElement.lang = browserTranslator.language;
document.title = t('common_app_name');

const offer = location.hash.slice(1);
/** When the frame last appeared, moved or changed size: picks wait until it has been still for a while. */
let settledSince = performance.now();
let menu: OfferMenu | undefined;

const group = (code: string) =>
  code.length >= 6 ? `${code.slice(0, Math.ceil(code.length / 2))} ${code.slice(Math.ceil(code.length / 2))}` : code;

/** The entries the menu shows now, by their position: a pick names the entry, never a code or id the page chose. */
let shown: OfferMenuItem[] = [];

function itemOf(i: OfferMenuItem, index: number): MenuContent['items'][number] {
  const title = displayName(i);
  const names = i.issuer ? i.account : '';
  // A new set of recovery codes says, before the click, that it replaces the stored ones (the site
  // regenerated them, so the old ones no longer sign in).
  const replaces = replacesNote(i);
  const detail = i.related
    ? [names, t('offer_related_site')].filter(Boolean).join(' · ')
    : [names, replaces].filter(Boolean).join(' · ');
  const hint =
    i.what === 'save-recovery'
      ? t('recovery_save_hint')
      : i.what === 'recovery'
        ? t('offer_recovery_hint')
        : i.source === 'key'
          ? t('content_offer_from_key')
          : t('content_offer_next_code');
  // A recovery code is shown as the site printed it (its own groups); an app code in two halves.
  const code = i.code && (i.what === 'recovery' ? i.code : group(i.code));
  return { id: String(index), title, detail, ...(code ? { code } : { hint }) };
}

const items = (list: OfferMenuItem[]) => {
  shown = list;
  return list.map(itemOf);
};

function contentOf(m: OfferMenu): MenuContent {
  if (m.state === 'locked') {
    return {
      heading: t('common_locked_title'),
      note: t('content_offer_locked_note'),
      items: [],
      actions: [{ id: 'unlock', label: t('content_offer_unlock') }],
    };
  }
  if (m.state === 'none') {
    return {
      heading: t('content_offer_no_vault'),
      note: t('content_offer_no_vault_note'),
      items: [],
      actions: [{ id: 'unlock', label: t('content_offer_open') }],
    };
  }
  shown = [];
  if (m.silenced)
    return { heading: t('siteoverrides_silenced'), note: t('siteoverrides_silenced_note'), items: [], actions: [] };
  if (m.question) {
    // A recovery code was filled and Twofold could not tell whether the site took it: asked, so
    // a spent code is not offered again (docs/architecture.md "Recovery codes").
    return {
      heading: t('recovery_question', displayName(m.question), m.question.code),
      note: t('recovery_question_note'),
      items: [],
      actions: [
        { id: 'recovery-used', label: t('recovery_answer_yes') },
        { id: 'recovery-unused', label: t('recovery_answer_no') },
      ],
    };
  }
  // Without IOv2 (Firefox) a pick's visibility cannot be checked: related sites' accounts go to the window.
  const { items: listed, held } = inlineItems(m.items, observer !== undefined);
  const heldNote = held > 0 ? { note: t('offerui_related_in_window') } : {};
  if (m.kind === 'recovery-list') {
    // The vault locked since the page showed them, and their codes were dropped then (not kept in the clear).
    if (!m.count) return { heading: t('recoveryset_reload_to_save'), items: [], actions: [] };
    return listed.length > 0
      ? {
          heading: tn('recovery_save_heading', m.count ?? 0),
          note: t('recovery_save_note'),
          items: items(listed),
          actions: [],
        }
      : { heading: t('recovery_save_no_account'), items: [], actions: [] };
  }
  if (m.kind === 'recovery') {
    return listed.length > 0
      ? {
          heading: t('content_offer_recovery_heading'),
          note: t('content_offer_recovery_note'),
          items: items(listed),
          actions: [],
        }
      : { heading: t('content_offer_no_recovery_codes'), ...heldNote, items: [], actions: [] };
  }
  // README "When a field is missed": silence this site, or copy a report of its forms for a bug report.
  const others = [
    { id: 'others', label: t('content_offer_use_another') },
    { id: 'never', label: t('siteoverrides_menu_never') },
    { id: 'report', label: t('siteoverrides_menu_report') },
  ];
  // No account for this site yet and the tab shows its two-factor QR code (docs/qr-notice.md): scanning it comes first.
  if (m.pageQr) others.unshift({ id: 'scan-qr', label: t('qrnotice_inline_scan') });
  if (listed.length === 0) return { heading: t('content_offer_no_account'), ...heldNote, items: [], actions: others };
  return { heading: t('content_offer_heading'), ...heldNote, items: items(listed), actions: others };
}

function failed(e: unknown): void {
  // The background's reason; anything else is unexpected.
  const note = e instanceof RequestError ? messageOf(e) : t('content_offer_fill_failed_note');
  ui.show({ heading: t('content_offer_fill_failed'), note, items: [], actions: [] });
}

/** Whether a pick of `el` counts now; if not, the menu says why and the pick is dropped. */
function pickAllowed(el: Element | null): boolean {
  const verdict = judgeClick({ now: performance.now(), settledSince, visibility: visibilityOf(el) });
  if (verdict === 'ok') return true;
  ui.notice(verdict === 'too-soon' ? t('offer_click_too_soon') : t('offer_click_not_visible'));
  return false;
}

const layout = (open: boolean, focusField = false) =>
  sendRequest({ type: 'offer-layout', offer, open, ...(focusField ? { focusField } : {}) }).catch(() => {});

/** `byNotice`: opened by the background's notice, not by the person: focus goes back to the field they were in. */
async function open(byNotice = false): Promise<void> {
  // The frame grows first (a fixed size, whatever the menu holds), then fills in: names and codes only now.
  void layout(true);
  try {
    menu = await sendRequest({ type: 'offer-menu', offer });
    ui.show(withNotice(contentOf(menu), menu.notice));
    if (byNotice) void layout(true, true);
    watchEntries();
  } catch (e) {
    failed(e);
  }
}

const ui = new OfferUi(document, {
  onOpen: () => void open(),
  onClose: (byEscape) => void layout(false, byEscape),
  onPick: (id) => {
    if (!pickAllowed(document.querySelector(`.menu [data-id="${CSS.escape(id)}"]`))) return;
    const item = shown[Number(id)];
    if (!item) return;
    const code = item.what === 'recovery' && item.code ? { code: item.code } : {};
    void sendRequest({ type: 'offer-pick', offer, id: item.id, what: item.what, ...code })
      .then(() => {
        if (item.what !== 'save-recovery') ui.close(false);
        else ui.show({ heading: t('recovery_saved', displayName(item)), items: [], actions: [] });
      })
      .catch(failed);
  },
  onAction: (id) => {
    if (id === 'unlock') {
      ui.close(false);
      void sendRequest({ type: 'open-unlock', offer }).catch(() => {});
      return;
    }
    if (!pickAllowed(document.querySelector(`.menu [data-action="${CSS.escape(id)}"]`))) return;
    const question = menu?.question;
    if ((id === 'recovery-used' || id === 'recovery-unused') && question) {
      // The answer, then the menu again: with the code marked used, the next one is offered.
      void sendRequest({ type: 'offer-recovery-answer', offer, id: question.id, used: id === 'recovery-used' })
        .then(() => open())
        .catch(failed);
      return;
    }
    if (id === 'never') {
      void sendRequest({ type: 'offer-never', offer })
        .then(({ site }) => ui.show({ heading: t('siteoverrides_never_done', site), items: [], actions: [] }))
        .catch(failed);
      return;
    }
    if (id === 'report') {
      void sendRequest({ type: 'offer-report', offer })
        .then(({ report: r }) => {
          report = r;
          ui.show({
            heading: t('siteoverrides_report_ready'),
            items: [],
            actions: [{ id: 'copy-report', label: t('siteoverrides_copy_report') }],
          });
          // The new entry must be seen as visible for a while before its click counts, like the menu's.
          watchEntries();
        })
        .catch(failed);
      return;
    }
    if (id === 'copy-report') {
      // Copied on this click (a fresh gesture in this frame), never by itself.
      void copyReport(report).then(
        () => ui.show({ heading: t('siteoverrides_copied'), items: [], actions: [] }),
        () => ui.show({ heading: t('siteoverrides_copy_refused'), items: [], actions: [] }),
      );
      return;
    }
    if (id === 'scan-qr') {
      // The scan review opens in a window of its own; once the account is saved, this menu lists it.
      ui.close(false);
      void sendRequest({ type: 'offer-scan-qr', offer }).catch(failed);
      return;
    }
    ui.close(false);
    void sendRequest({ type: 'offer-others', offer }).catch(failed);
  },
});

/** The report the frame's page built, until the person copies it. */
let report = '';

// Any change of the frame's own size counts as a move (the page can restyle the iframe element).
window.addEventListener('resize', () => {
  settledSince = performance.now();
});
onOfferNotice((notice) => {
  if (notice.offer !== offer) return;
  if (notice.type === 'offer-moved') settledSince = performance.now();
  else if (!ui.isOpen) void open(notice.type === 'offer-notice');
});

// IntersectionObserver v2 (https://w3c.github.io/IntersectionObserver/v2/): isVisible is false when an entry is
// transparent, transformed, filtered or painted over by anything, in any ancestor document. Each entry of the menu
// is watched on its own, so the one clicked is the one that must be visible, and must have been since STABLE_MS.
const sightings = new Sightings<Element>();
let observer: IntersectionObserver | undefined;
try {
  observer = new IntersectionObserver(
    (entries) => {
      for (const e of entries as (IntersectionObserverEntry & { isVisible?: boolean })[]) {
        if (e.isVisible !== undefined) sightings.seen(e.target, e.isVisible, e.time);
      }
    },
    { trackVisibility: true, delay: 100 } as IntersectionObserverInit,
  );
  // Engines without v2 ignore the option and report no isVisible: treat as "cannot tell".
  if (!('isVisible' in IntersectionObserverEntry.prototype)) observer = undefined;
} catch {
  observer = undefined;
}

function watchEntries(): void {
  if (!observer) return;
  observer.disconnect();
  for (const el of document.querySelectorAll('.menu button')) observer.observe(el);
}

/** What IOv2 says of `el`: unknown only where the browser has no IOv2 (Firefox). */
function visibilityOf(el: Element | null): Visibility {
  if (!observer) return { state: 'unknown' };
  return el ? sightings.of(el) : { state: 'hidden' };
}

// Chrome stops an idle service worker after about 30 s, and starting it again costs most of a click's wait. The
// pointer reaching the button (or focus arriving) wakes it with a request that reveals and changes nothing, so the
// menu a click then asks for comes from a running worker. Only real input reaches a cross-origin frame.
let warmedAt = Number.NEGATIVE_INFINITY;
const warm = () => {
  if (performance.now() - warmedAt < 5000) return;
  warmedAt = performance.now();
  void sendRequest({ type: 'vault-state' }).catch(() => {});
};
document.addEventListener('pointerover', warm);
document.addEventListener('focusin', warm);

void sendRequest({ type: 'offer-hello', offer })
  .then((hello) => {
    if (hello.kind === 'recovery-list') ui.setLabel(tn('recovery_save_button', hello.count ?? 0));
    // Something to say by itself (a refused automatic submit): open beside the field without a click.
    if (hello.notice && !ui.isOpen) void open(true);
  })
  .catch(() => {
    // Not ours to serve (a copied URL, a second presenter): draw nothing that works.
    document.body.replaceChildren();
  });
