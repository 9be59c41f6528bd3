import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import WebSocket from 'ws';

/*
 * Records every network request a browser makes, and tells the extension's from the pages' (docs/sync-format.md
 * "Goals"): with sync off, an end-to-end run must record zero requests from the extension; with it on, requests go
 * only to the configured origin.
 *
 * - Chromium: a second DevTools client (over `--remote-debugging-port`, next to Playwright's pipe) auto-attaches to
 *   every target, paused before it runs (`waitForDebuggerOnStart`), enables the Network domain there and lets it run
 *   (Chrome DevTools Protocol, Target.setAutoAttach and Network.requestWillBeSent,
 *   https://chromedevtools.github.io/devtools-protocol/). Page sessions auto-attach their own out-of-process frames
 *   and workers, so the extension's frame inside a web page is a target of its own. A request belongs to the
 *   extension when its target is one of the extension's (service worker, its pages and frames) or when its initiator
 *   (a content script's stack) is the extension's code. The CDP client is `ws` directly (puppeteer-core's
 *   dependency): puppeteer's `Connection` has no public constructor and Playwright's CDP sessions cannot address a
 *   flattened child session.
 * - Firefox: WebDriver BiDi does not report the requests of an extension's background page (it is no navigable a
 *   WebDriver client sees), so every HTTP request Firefox makes goes through a recording proxy set in its
 *   preferences (`network.proxy.*`, `allow_hijacking_localhost` so that 127.0.0.1 is proxied too). The pages' own
 *   requests are known from puppeteer's `page.on('request')` on each web page a test opens; a proxied request no page
 *   made is the extension's (or the browser's own).
 */

export interface SeenRequest {
  url: string;
  method: string;
  /**
   * `extension`: made by the extension's code; `page`: a web page's own; `browser`: Firefox's own services (below),
   * which a proxy sees too.
   */
  source: 'extension' | 'page' | 'browser';
  /** What made it: the target's URL (Chromium) or `proxy` (Firefox). */
  by: string;
  /** Chromium: the reason the browser refused it, when it did (`csp`, …), filled in once known. */
  blocked?: string;
}

/** Only network schemes count: an extension loading its own files (chrome-extension:, moz-extension:) is no request. */
export const isNetwork = (url: string) => /^(https?|wss?|ftp):/i.test(url);

export interface NetworkRecorder {
  /** Every network request seen so far, oldest first. */
  all(): SeenRequest[];
  /** The extension's network requests. */
  fromExtension(): SeenRequest[];
  /** Forgets what was recorded (a test's journey starts from here). */
  reset(): void;
  close(): Promise<void>;
}

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

interface CdpInitiator {
  type: string;
  url?: string;
  stack?: { callFrames: { url: string }[]; parent?: CdpInitiator['stack'] };
}

function initiatorUrls(initiator: CdpInitiator | undefined): string[] {
  const urls: string[] = [];
  if (initiator?.url) urls.push(initiator.url);
  for (let s = initiator?.stack; s; s = s.parent) for (const f of s.callFrames) urls.push(f.url);
  return urls;
}

/** The DevTools endpoint Chromium wrote into its profile for `--remote-debugging-port=0`. */
export function devToolsEndpoint(profileDir: string): string {
  const [port, path] = readFileSync(join(profileDir, 'DevToolsActivePort'), 'utf8').split('\n');
  return `ws://127.0.0.1:${port}${path}`;
}

/** Chromium: records every target's requests through CDP (see the file comment). */
export async function chromiumRecorder(endpoint: string, extensionOrigin: string): Promise<NetworkRecorder> {
  const ws = new WebSocket(endpoint, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let next = 0;
  const pending = new Map<number, (reply: { error?: unknown; result?: unknown }) => void>();
  const send = (method: string, params: object = {}, sessionId?: string) =>
    new Promise<unknown>((resolve) => {
      const id = ++next;
      pending.set(id, (reply) => resolve(reply.result));
      ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  const sessions = new Map<string, TargetInfo>();
  let requests: (SeenRequest & { key: string })[] = [];
  const isExtension = (url: string) => url.startsWith(`${extensionOrigin}/`);
  const autoAttach = { autoAttach: true, waitForDebuggerOnStart: true, flatten: true };

  const attached = async (sessionId: string, info: TargetInfo) => {
    sessions.set(sessionId, info);
    // Network first, then the target's own children, then let it run: nothing it does escapes the record.
    await send('Network.enable', {}, sessionId);
    if (info.type !== 'service_worker') await send('Target.setAutoAttach', autoAttach, sessionId);
    await send('Runtime.runIfWaitingForDebugger', {}, sessionId);
  };

  ws.on('message', (data: Buffer) => {
    const msg = JSON.parse(data.toString()) as {
      id?: number;
      method?: string;
      params?: Record<string, unknown>;
      sessionId?: string;
      result?: unknown;
      error?: unknown;
    };
    if (msg.id !== undefined) {
      pending.get(msg.id)?.(msg);
      pending.delete(msg.id);
      return;
    }
    const p = msg.params ?? {};
    if (msg.method === 'Target.attachedToTarget') {
      void attached(p.sessionId as string, p.targetInfo as TargetInfo);
    } else if (msg.method === 'Target.detachedFromTarget') {
      sessions.delete(p.sessionId as string);
    } else if (msg.method === 'Network.requestWillBeSent' && msg.sessionId) {
      const request = p.request as { url: string; method: string };
      // The document (or worker) that made it: a target's own URL is the one it had when attached (about:blank for
      // a tab not yet navigated).
      const by = (p.documentURL as string | undefined) || (sessions.get(msg.sessionId)?.url ?? '');
      const fromExtensionCode =
        isExtension(by) || initiatorUrls(p.initiator as CdpInitiator).some((u) => isExtension(u));
      // A target attached twice (a service worker seen from the browser and from a page) reports a request twice.
      const key = `${sessions.get(msg.sessionId)?.targetId ?? msg.sessionId}/${p.requestId as string}`;
      if (requests.some((r) => r.key === key)) return;
      requests.push({
        key,
        url: request.url,
        method: request.method,
        source: fromExtensionCode ? 'extension' : 'page',
        by,
      });
    } else if (msg.method === 'Network.loadingFailed' && msg.sessionId) {
      const key = `${sessions.get(msg.sessionId)?.targetId ?? msg.sessionId}/${p.requestId as string}`;
      const seen = requests.find((r) => r.key === key);
      if (seen) seen.blocked = (p.blockedReason as string | undefined) ?? (p.errorText as string);
    }
  });
  await send('Target.setAutoAttach', autoAttach);

  const strip = ({ key: _, ...r }: SeenRequest & { key: string }): SeenRequest => r;
  return {
    all: () => requests.filter((r) => isNetwork(r.url)).map(strip),
    fromExtension: () => requests.filter((r) => isNetwork(r.url) && r.source === 'extension').map(strip),
    reset: () => {
      requests = [];
    },
    close: async () => {
      ws.close();
    },
  };
}

/** Firefox: an HTTP proxy that records and forwards every plain-http request (https is recorded and refused). */
export interface RecordingProxy {
  port: number;
  /** Firefox preferences that send every request, 127.0.0.1 included, through this proxy. */
  prefs: Record<string, unknown>;
  /** What went through, oldest first (URL as absolute as the browser sent it). */
  seen: { url: string; method: string; origin?: string }[];
  close(): Promise<void>;
}

export async function startRecordingProxy(): Promise<RecordingProxy> {
  const seen: RecordingProxy['seen'] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const url = req.url ?? '';
    seen.push({ url, method: req.method ?? 'GET', origin: req.headers.origin });
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const up = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: `${target.pathname}${target.search}`,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  // A TLS tunnel: recorded (its host is all a proxy sees) and refused: the test machine has no outside network.
  server.on('connect', (req: IncomingMessage, socket) => {
    seen.push({ url: `https://${req.url ?? ''}/`, method: 'CONNECT' });
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    prefs: {
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': port,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': port,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
    },
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Firefox's own background traffic (remote settings, add-on blocklists, certificate checks), always over https to
 * Mozilla's hosts: a proxy sees it and cannot tell who asked, and Twofold has nothing to fetch there. Everything else
 * a page did not make counts as the extension's.
 */
const FIREFOX_OWN = /^https:\/\/([a-z0-9-]+\.)*(mozilla\.(com|net|org)|firefox\.com|mozaws\.net|mozgcp\.net)(:443)?\//i;

/**
 * Firefox's recorder from the proxy's record and the web pages' own requests (`pageUrls`, filled by
 * `page.on('request')`): each proxied request one of the pages made is the page's, the rest the extension's.
 */
export function firefoxRecorder(proxy: RecordingProxy, pageUrls: string[]): NetworkRecorder {
  let from = 0;
  let pagesFrom = 0;
  const classify = (): SeenRequest[] => {
    const left = pageUrls.slice(pagesFrom);
    return proxy.seen.slice(from).map((r) => {
      const i = left.indexOf(r.url);
      if (i >= 0) left.splice(i, 1);
      const source = i >= 0 ? 'page' : FIREFOX_OWN.test(r.url) ? 'browser' : 'extension';
      return { url: r.url, method: r.method, source, by: 'proxy' };
    });
  };
  return {
    all: classify,
    fromExtension: () => classify().filter((r) => r.source === 'extension'),
    reset: () => {
      from = proxy.seen.length;
      pagesFrom = pageUrls.length;
    },
    close: () => proxy.close(),
  };
}
