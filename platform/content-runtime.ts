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
export function extensionUrl(path: '/autofill.js' | '/page-scan.js' | '/offer-frame.html'): string {
  return runtime.getURL(path);
}

/**
 * Receives commands from the background only: our extension's id, and no tab (pages and content scripts have one).
 * A command is handled only as `parseCommand` returns it; one it refuses (unknown, malformed) is ignored: it comes
 * from our own background, so it can only be a version mismatch during an update, never a reason to act.
 */
export function onBackgroundCommand(handle: (command: ContentCommand) => void): void {
  runtime.onMessage.addListener((raw: unknown, sender: { id?: string; tab?: unknown }) => {
    if (sender.id !== ownId || sender.tab) return undefined;
    let command: ContentCommand;
    try {
      command = parseCommand(raw);
    } catch {
      return undefined;
    }
    handle(command);
    return undefined;
  });
}
