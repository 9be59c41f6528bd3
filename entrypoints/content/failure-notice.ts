import { isText, type Text, textsOf } from '../../lib/i18n/text';
import { localize } from '../../lib/i18n/translate';
import cmdEn from '../../locales/en/cmd.json';
import { content_fill_field, content_offer_fill_failed_note } from '../../locales/en/content.json';
import { closedHost, showOnTop } from './top-layer';

const text = textsOf(cmdEn);
const contentText = textsOf({ content_fill_field, content_offer_fill_failed_note });

/** A notice stays this long (a click closes it sooner): time to read two lines, then it is out of the page's way. */
const NOTICE_MS = 15_000;

const CSS = `
  :host { all: initial; }
  .notice { position: fixed; top: 16px; left: 50%; transform: translateX(-50%); max-width: min(560px, 90vw);
    background: #a4262c; color: #fff; font: 600 14px/1.4 system-ui, sans-serif; padding: 10px 16px;
    border-radius: 8px; box-shadow: 0 2px 8px rgba(0, 0, 0, .3); z-index: 2147483647; cursor: pointer; }
`;

/** What the person asked for that failed: the box they dragged, the image they chose "Add to Twofold" on, a fill. */
export type FailedAsk = 'region' | 'image' | 'fill';

const MESSAGE = { region: 'cmd_region_failed', image: 'cmd_image_failed', fill: 'cmd_fill_failed' } as const;

/** The notice's host element: also how a second copy of this module (autofill.js, page-scan.js) finds the one shown. */
const HOST = 'twofold-notice';

/**
 * Says in the page why something the person asked for there failed: a region selection or an image read the
 * background refused or could not take on (its result window never opens), or a fill they asked for (the shortcut,
 * the context menu, a pick in the offer's menu) whose code did not go in (it does not fit the field, the background
 * refused the grant's code). The person acted in the page, and nothing else would say it. Automatic fills do not come
 * here: the person did not ask at that moment, and the offer frame says why one failed.
 *
 * A closed shadow root, like the region overlay: the page cannot read or change the notice's text. Its host element
 * is still in the page's DOM: the page's styles can hide or cover it, its scripts can remove it, and a script that
 * watches the DOM sees it added, so the page learns that a Twofold action failed here (which of the three, and why,
 * it cannot read). It carries no code, no account name and no words of the page's (`reasonOf`).
 *
 * One at a time, across both scripts that show one: the notice already in the document is found by its host and
 * replaced, not remembered per script.
 */
export function showFailure(doc: Document, ask: FailedAsk, error: unknown): void {
  const win = doc.defaultView as Window;
  const message = localize(text(MESSAGE[ask], reasonOf(error)));
  for (const old of doc.querySelectorAll(HOST)) old.remove();
  const { host, root } = closedHost(doc, HOST, CSS);
  const notice = doc.createElement('div');
  notice.className = 'notice';
  // An alert: screen readers say it at once, as the person is still looking at the page.
  notice.setAttribute('role', 'alert');
  notice.title = localize(text('cmd_notice_dismiss'));
  notice.textContent = message;
  // Each notice closes itself only: a later one (perhaps from the other script) is left alone.
  const close = () => {
    win.clearTimeout(timer);
    host.remove();
  };
  notice.addEventListener('click', close);
  root.append(notice);
  showOnTop(doc, host);
  const timer = win.setTimeout(close, NOTICE_MS);
}

/**
 * The reason, in Twofold's own words only: a page chooses its fields' ids and names, so a notice that says "Twofold"
 * would otherwise say whatever the page wrote there; a field is named by its number. An error without a Twofold
 * text says only that something went wrong. (Errors are checked by shape, not by class: the one from a request is
 * made by content.js's copy of the error classes and shown by page-scan.js, which has copies of its own.)
 */
function reasonOf(error: unknown): Text {
  const own = error instanceof Error ? (error as { text?: unknown }).text : undefined;
  return isText(own) ? withoutPageNames(own) : contentText('content_offer_fill_failed_note');
}

function withoutPageNames(t: Text): Text {
  if (t.key === 'content_fill_field_named') return contentText('content_fill_field', t.subs[0] ?? 1);
  return { ...t, subs: t.subs.map((s) => (typeof s === 'object' ? withoutPageNames(s) : s)) };
}
