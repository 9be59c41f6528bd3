import { messageOf, setTranslator, t } from '../../components/i18n';
import { judgeClick } from '../../lib/offer/click-guard';
import type { OfferMenu, OfferMenuItem } from '../../lib/messaging/protocol';
import { sendRequest } from '../../platform/content-runtime';
import { browserTranslator } from '../../platform/i18n';
import { onOfferNotice } from '../../platform/offer-notices';
import { type MenuContent, OfferUi } from './menu-ui';

/*
 * The offer frame (issue 14): an extension page the content script puts at a code field in an iframe. Its URL
 * fragment holds a one-time token the background minted for that page frame; the frame presents it once
 * (`offer-hello`) and is then the only frame the background serves for it. The page can read the token from the
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
/** IntersectionObserver v2's verdict; undefined where the browser has none (Firefox). */
let visible: boolean | undefined;
let menu: OfferMenu | undefined;

const group = (code: string) =>
  code.length >= 6 ? `${code.slice(0, Math.ceil(code.length / 2))} ${code.slice(Math.ceil(code.length / 2))}` : code;

function itemOf(i: OfferMenuItem): MenuContent['items'][number] {
  const title = i.issuer || i.account || t('content_offer_unnamed_account');
  const names = i.issuer ? i.account : '';
  const detail = i.related ? [names, t('offer_related_site')].filter(Boolean).join(' · ') : names;
  const hint =
    i.what === 'recovery'
      ? t('offer_recovery_hint')
      : i.source === 'key'
        ? t('content_offer_from_key')
        : t('content_offer_next_code');
  return { id: `${i.what}:${i.id}`, title, detail, ...(i.code ? { code: group(i.code) } : { hint }) };
}

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
  if (m.kind === 'recovery') {
    return m.items.length > 0
      ? {
          heading: t('content_offer_recovery_heading'),
          note: t('content_offer_recovery_note'),
          items: m.items.map(itemOf),
          actions: [],
        }
      : { heading: t('content_offer_no_recovery_codes'), items: [], actions: [] };
  }
  const others = [{ id: 'others', label: t('content_offer_use_another') }];
  if (m.items.length === 0) return { heading: t('content_offer_no_account'), items: [], actions: others };
  return { heading: t('content_offer_heading'), items: m.items.map(itemOf), actions: others };
}

function failed(e: unknown): void {
  ui.show({ heading: t('content_offer_fill_failed'), note: messageOf(e), items: [], actions: [] });
}

/** Whether a pick counts now; if not, the menu says why and the pick is dropped. */
function pickAllowed(): boolean {
  const verdict = judgeClick({ now: performance.now(), settledSince, visible });
  if (verdict === 'ok') return true;
  ui.notice(verdict === 'too-soon' ? t('offer_click_too_soon') : t('offer_click_not_visible'));
  return false;
}

const layout = (open: boolean, focusField = false) =>
  sendRequest({ type: 'offer-layout', offer, open, ...(focusField ? { focusField } : {}) }).catch(() => {});

async function open(): Promise<void> {
  // The frame grows first (a fixed size, whatever the menu holds), then fills in: names and codes only now.
  void layout(true);
  try {
    menu = await sendRequest({ type: 'offer-menu', offer });
    ui.show(contentOf(menu));
  } catch (e) {
    failed(e);
  }
}

const ui = new OfferUi(document, {
  onOpen: () => void open(),
  onClose: (byEscape) => void layout(false, byEscape),
  onPick: (id) => {
    if (!pickAllowed()) return;
    const [what, ...rest] = id.split(':');
    void sendRequest({ type: 'offer-pick', offer, id: rest.join(':'), what: what === 'recovery' ? 'recovery' : 'code' })
      .then(() => ui.close(false))
      .catch(failed);
  },
  onAction: (id) => {
    if (id === 'unlock') {
      ui.close(false);
      void sendRequest({ type: 'open-unlock' }).catch(() => {});
      return;
    }
    if (!pickAllowed()) return;
    ui.close(false);
    void sendRequest({ type: 'offer-others', offer }).catch(failed);
  },
});

// Any change of the frame's own size counts as a move (the page can restyle the iframe element).
window.addEventListener('resize', () => {
  settledSince = performance.now();
});
onOfferNotice((notice) => {
  if (notice.offer !== offer) return;
  if (notice.type === 'offer-moved') settledSince = performance.now();
  else if (!ui.isOpen) void open();
});

// IntersectionObserver v2 (https://w3c.github.io/IntersectionObserver/v2/): isVisible is false when the frame is
// transparent, transformed, filtered or painted over by anything, in any ancestor document.
try {
  const observer = new IntersectionObserver(
    (entries) => {
      const last = entries.at(-1) as (IntersectionObserverEntry & { isVisible?: boolean }) | undefined;
      if (last?.isVisible === undefined) return;
      if (last.isVisible !== visible) settledSince = Math.max(settledSince, last.isVisible ? performance.now() : 0);
      visible = last.isVisible;
    },
    { trackVisibility: true, delay: 100 } as IntersectionObserverInit,
  );
  observer.observe(document.body);
} catch {
  // No IntersectionObserver v2 (Firefox): the stability check alone, and this site's accounts alone.
}

void sendRequest({ type: 'offer-hello', offer }).catch(() => {
  // Not ours to serve (a copied URL, a second presenter): draw nothing that works.
  document.body.replaceChildren();
});
