import { clearFromDocument } from '../../platform/clipboard';
import { onClipboardClearOrder } from '../../platform/offscreen';

/*
 * The offscreen document (Chromium, reason CLIPBOARD; docs/permissions.md `clipboardWrite`): clears the clipboard when
 * the background says. The timer lives here, not in the service worker, because Chromium stops an idle worker after
 * about 30 s and its timers with it; an alarm would wake the worker, but the worker still has no DOM to clear the
 * clipboard with. Only the latest order counts: a newer copy moves the deadline.
 */
let timer: ReturnType<typeof setTimeout> | undefined;

onClipboardClearOrder(({ afterMs }) => {
  clearTimeout(timer);
  timer = setTimeout(() => {
    timer = undefined;
    clearFromDocument(document);
  }, afterMs);
});
