import browser, { type Runtime } from 'webextension-polyfill';
import type { Request, RequestType, ResponseMap, SenderInfo } from '../lib/messaging/protocol';

/** A request the background refused or failed, with the error's `code` when it had one. */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** Thin adapter over runtime messaging: the only place `runtime.sendMessage/onMessage` are used. */
export async function sendRequest<T extends RequestType>(request: Request<T>): Promise<ResponseMap[T]> {
  const reply = (await browser.runtime.sendMessage(request)) as { ok: true; value: ResponseMap[T] } | { ok: false; error: string; code?: string };
  if (reply?.ok !== true) throw new RequestError(reply?.ok === false ? reply.error : 'No answer from the background.', reply?.code);
  return reply.value;
}

/** Registers the background's single message listener; replies are `{ok, value}` or `{ok: false, error}`. */
export function listenForRequests(handle: (raw: unknown, sender: SenderInfo) => Promise<unknown>): void {
  browser.runtime.onMessage.addListener(async (raw: unknown, sender: Runtime.MessageSender) => {
    try {
      const info: SenderInfo = { id: sender.id, url: sender.url, tabId: sender.tab?.id, frameId: sender.frameId };
      return { ok: true, value: await handle(raw, info) };
    } catch (e) {
      const code = typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : undefined;
      return { ok: false, error: e instanceof Error ? e.message : 'Request failed.', code };
    }
  });
}

export function extensionIdentity(): { id: string; origin: string } {
  return { id: browser.runtime.id, origin: new URL(browser.runtime.getURL('/')).origin };
}
