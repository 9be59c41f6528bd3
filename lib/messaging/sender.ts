import en from '../../locales/en/core.json';
import { textsOf } from '../i18n/text';
import { ProtocolError } from './errors';

const text = textsOf(en);

/**
 * Where a message came from, as the background sees it from the browser's own sender record. 'offer-frame' is the
 * in-page offer frame (entrypoints/offer-frame/): an extension page, but one any web page can load at will (it is
 * web-accessible), so it gets its own small surface instead of the popup's rights (docs/architecture.md "Threat
 * model", attack 8).
 */
export type SenderKind = 'content' | 'extension-page' | 'offer-frame';

/** The offer frame's page, as its URL's path names it (wxt builds entrypoints/offer-frame/ to this file). */
export const OFFER_FRAME_PATH = '/offer-frame.html';

/** The parts of the browser's MessageSender the background trusts (set by the browser, not the page). */
export interface SenderInfo {
  id?: string;
  url?: string;
  tabId?: number;
  frameId?: number;
}

/**
 * Classifies a sender from the browser-provided record: our own pages have our origin; the offer frame is known by
 * its page's path under the extension scheme, whatever the host (on Chromium it is loaded through the session's
 * dynamic URL, web_accessible_resources use_dynamic_url, whose host is not the extension id; on Firefox through the
 * per-install origin, the popup's own); content scripts run in a tab with a web URL. Anything else (another
 * extension, no tab, another page under the dynamic host) is refused.
 */
export function classifySender(sender: SenderInfo, ownId: string, ownOrigin: string): SenderKind {
  if (sender.id !== ownId) throw new ProtocolError('bad-sender', text('core_protocol_other_extension'));
  const url = sender.url ?? '';
  const scheme = ownOrigin.slice(0, ownOrigin.indexOf('//') + 2);
  if (scheme !== '' && url.startsWith(scheme)) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      // Not a URL: refused below.
    }
    if (parsed?.pathname === OFFER_FRAME_PATH) return 'offer-frame';
    // Not URL.origin: it is "null" for schemes the URL standard does not know (chrome-extension: in Node).
    if (parsed && `${parsed.protocol}//${parsed.host}` === ownOrigin) return 'extension-page';
    throw new ProtocolError('bad-sender', text('core_protocol_unknown_context'));
  }
  if (sender.tabId !== undefined && sender.tabId >= 0 && /^(https?|file):/.test(url)) return 'content';
  throw new ProtocolError('bad-sender', text('core_protocol_unknown_context'));
}
