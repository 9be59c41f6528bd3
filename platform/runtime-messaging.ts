import browser, { type Runtime } from 'webextension-polyfill';
import type { Request, RequestType, ResponseMap, SenderInfo } from '../lib/messaging/protocol';

/** Thin adapter over runtime messaging: the only place `runtime.sendMessage/onMessage` are used. */
export async function sendRequest<T extends RequestType>(request: Request<T>): Promise<ResponseMap[T]> {
  const reply = (await browser.runtime.sendMessage(request)) as { ok: true; value: ResponseMap[T] } | { ok: false; error: string };
  if (reply?.ok !== true) throw new Error(reply?.ok === false ? reply.error : 'No answer from the background.');
  return reply.value;
}

/** Registers the background's single message listener; replies are `{ok, value}` or `{ok: false, error}`. */
export function listenForRequests(handle: (raw: unknown, sender: SenderInfo) => Promise<unknown>): void {
  browser.runtime.onMessage.addListener(async (raw: unknown, sender: Runtime.MessageSender) => {
    try {
      const info: SenderInfo = { id: sender.id, url: sender.url, tabId: sender.tab?.id, frameId: sender.frameId };
      return { ok: true, value: await handle(raw, info) };
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : 'Request failed.' };
    }
  });
}

export function extensionIdentity(): { id: string; origin: string } {
  return { id: browser.runtime.id, origin: new URL(browser.runtime.getURL('/')).origin };
}
