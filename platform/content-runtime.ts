import { type ContentCommand, parseCommand } from '../lib/messaging/commands';
import type { Request, RequestType, ResponseMap } from '../lib/messaging/protocol';
import { type Reply, unwrapReply } from '../lib/messaging/reply';
import { extensionApi } from './extension-api';

/*
 * Runtime messaging for content scripts, on the browser's own extension API object captured at load
 * (platform/extension-api.ts: a page's DOM cannot stand in for it), not webextension-polyfill, which
 * would add ~3 KB gzipped to the script injected into every page (docs/performance.md).
 */
const runtime = extensionApi?.runtime;
const ownId = runtime?.id;

export async function sendRequest<T extends RequestType>(request: Request<T>): Promise<ResponseMap[T]> {
  return unwrapReply((await runtime.sendMessage(request)) as Reply<ResponseMap[T]> | undefined);
}

/** An extension file's URL (the on-demand scripts, entrypoints/content/load-autofill.ts; the offer frame's page). */
export function extensionUrl(path: '/autofill.js' | '/page-scan.js' | '/page-qr.js' | '/offer-frame.html'): string {
  return runtime.getURL(path);
}

/**
 * Receives messages from the background only: our extension's id, and no tab (pages and content scripts have one).
 * What a message says is not trusted here: the receiver acts on it only as `commandOf` returns it. Kept apart from
 * `commandOf` so the script injected into every page does not carry the command schemas (docs/performance.md): it
 * hands the raw message to the on-demand part (entrypoints/content/page-core.ts), which parses it.
 */
export function onBackgroundMessage(handle: (raw: unknown) => void): void {
  runtime.onMessage.addListener((raw: unknown, sender: { id?: string; tab?: unknown }) => {
    if (sender.id !== ownId || sender.tab) return undefined;
    handle(raw);
    return undefined;
  });
}

/**
 * A background message as `parseCommand` returns it; undefined for one it refuses (unknown, malformed), which is
 * ignored: it comes from our own background, so it can only be a version mismatch during an update, never a reason to
 * act.
 */
export function commandOf(raw: unknown): ContentCommand | undefined {
  try {
    return parseCommand(raw);
  } catch {
    return undefined;
  }
}
