import { browser } from 'wxt/browser';

/*
 * Thin adapter over chrome.offscreen (Chromium only; https://developer.chrome.com/docs/extensions/reference/api/
 * offscreen). An offscreen document is a hidden extension page with a DOM; Twofold's has one job, clearing the
 * clipboard at a deadline (reason CLIPBOARD), which the service worker cannot do (no DOM, no clipboard) and whose
 * timer must outlive the worker, which Chromium stops after about 30 s idle.
 */

/** The message the background sends the offscreen document; no other page acts on it. */
export interface ClipboardClearOrder {
  type: 'offscreen-clear-clipboard';
  /** Clear after this many ms from now; a later order replaces an earlier one (a newer copy). */
  afterMs: number;
}

const PATH = 'offscreen.html';
let creating: Promise<void> | undefined;

/** Whether this browser has offscreen documents (Chromium 109+); Firefox has none. */
export function offscreenAvailable(): boolean {
  return typeof (browser as { offscreen?: unknown }).offscreen === 'object';
}

/** Opens the clipboard document unless it is open already (only one may exist per extension). */
async function ensureDocument(justification: string): Promise<void> {
  const url = browser.runtime.getURL(`/${PATH}`);
  const open = await browser.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [url] });
  if (open.length > 0) return;
  // Two copies in quick succession must not both create it (the second create would throw).
  creating ??= browser.offscreen.createDocument({ url: PATH, reasons: ['CLIPBOARD'], justification }).finally(() => {
    creating = undefined;
  });
  await creating;
}

/** Asks the offscreen document to clear the clipboard after `afterMs`; whether it took the order. */
export async function orderClipboardClear(afterMs: number, justification: string): Promise<boolean> {
  await ensureDocument(justification);
  const order: ClipboardClearOrder = { type: 'offscreen-clear-clipboard', afterMs };
  const answer = (await browser.runtime.sendMessage(order)) as { scheduled?: boolean } | undefined;
  return answer?.scheduled === true;
}

/** In the offscreen document: hears the background's orders (only from our own extension's worker, no tab). */
export function onClipboardClearOrder(handle: (order: ClipboardClearOrder) => void): void {
  browser.runtime.onMessage.addListener((raw: unknown, sender: { id?: string; tab?: unknown; url?: string }) => {
    if (sender.id !== browser.runtime.id || sender.tab) return undefined;
    const { type, afterMs } = (raw ?? {}) as Partial<ClipboardClearOrder>;
    if (type !== 'offscreen-clear-clipboard' || typeof afterMs !== 'number' || !(afterMs >= 0)) return undefined;
    handle({ type, afterMs });
    return Promise.resolve({ scheduled: true });
  });
}
