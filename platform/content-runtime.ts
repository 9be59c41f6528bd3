import { browser } from 'wxt/browser';
import type { ContentCommand, Request, RequestType, ResponseMap } from '../lib/messaging/protocol';
import { type Reply, unwrapReply } from '../lib/messaging/reply';

/*
 * Runtime messaging for content scripts. It uses WXT's `browser` shim (the native promise-based API in
 * Chrome MV3 and Firefox) instead of webextension-polyfill, which would add ~3 KB gzipped to the
 * script injected into every page (docs/performance.md, content-script budget).
 */

export async function sendRequest<T extends RequestType>(request: Request<T>): Promise<ResponseMap[T]> {
  return unwrapReply((await browser.runtime.sendMessage(request)) as Reply<ResponseMap[T]> | undefined);
}

/** Receives commands from the background only: our extension's id, and no tab (pages and content scripts have one). */
export function onBackgroundCommand(handle: (command: ContentCommand) => void): void {
  browser.runtime.onMessage.addListener((raw: unknown, sender: { id?: string; tab?: unknown }) => {
    if (sender.id !== browser.runtime.id || sender.tab) return undefined;
    const m = (raw ?? {}) as { type?: unknown; srcUrl?: unknown; grant?: unknown; offer?: unknown; open?: unknown };
    const { type } = m;
    if (type === 'fill-best' || type === 'fill-here' || type === 'select-region') handle({ type });
    if (type === 'read-image' && typeof m.srcUrl === 'string') handle({ type, srcUrl: m.srcUrl });
    if (type === 'fill-grant' && typeof m.grant === 'string') {
      handle({ type, grant: m.grant, ...(typeof m.offer === 'string' ? { offer: m.offer } : {}) });
    }
    if (type === 'offer-layout' && typeof m.offer === 'string' && typeof m.open === 'boolean') {
      handle({ type, offer: m.offer, open: m.open, focusField: (m as { focusField?: unknown }).focusField === true });
    }
    return undefined;
  });
}
