import browser, { type Runtime } from 'webextension-polyfill';
import type { Request, RequestType, ResponseMap, SenderInfo } from '../lib/messaging/protocol';
import { failureReply, type Reply, unwrapReply } from '../lib/messaging/reply';

export { RequestError } from '../lib/messaging/reply';

/**
 * Thin adapter over runtime messaging for the background and extension pages (content scripts use
 * platform/content-runtime.ts, which avoids the polyfill to keep the injected script small).
 */
export async function sendRequest<T extends RequestType>(request: Request<T>): Promise<ResponseMap[T]> {
  return unwrapReply((await browser.runtime.sendMessage(request)) as Reply<ResponseMap[T]> | undefined);
}

/** Registers the background's single message listener; replies are `{ok, value}` or `{ok: false, error, code}`. */
export function listenForRequests(handle: (raw: unknown, sender: SenderInfo) => Promise<unknown>): void {
  browser.runtime.onMessage.addListener(async (raw: unknown, sender: Runtime.MessageSender) => {
    try {
      const info: SenderInfo = { id: sender.id, url: sender.url, tabId: sender.tab?.id, frameId: sender.frameId };
      return { ok: true, value: await handle(raw, info) };
    } catch (e) {
      return failureReply(e);
    }
  });
}

/**
 * Tells the extension's pages something (the offer frames: a field moved, Alt+Down). Content scripts never get
 * it; a page with no listener for it ignores it. Nothing secret is ever sent this way.
 */
export async function notifyExtensionPages(message: { type: string; offer: string }): Promise<void> {
  await browser.runtime.sendMessage(message).catch(() => {});
}

export function extensionIdentity(): { id: string; origin: string } {
  return { id: browser.runtime.id, origin: new URL(browser.runtime.getURL('/')).origin };
}
