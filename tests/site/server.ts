// Entry point of the local test site: two HTTP servers on 127.0.0.1 (the site
// and a second origin for cross-origin frames) sharing one in-memory Store.
// Tests call startSite() and close() themselves; humans use cli.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AppContext, handleMain } from './app';
import { CLIENT_BUNDLES, type ClientBundleName, clientBundle, lateFieldBundle } from './bundle';
import { handleCross } from './frame-host';
import { HttpError, sendText } from './http';
import { Sessions } from './sessions';
import { createStore } from './state';
import type { SiteEvent, SiteUser } from './types';

export type { Algorithm, SiteEvent, SiteEventType, SiteUser, Variant } from './types';
export { VARIANTS } from './variants';

export interface Site {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** A second server, http://127.0.0.1:PORT2: same host, other port, so another origin. */
  crossOrigin: string;
  close(): Promise<void>;
  /** Live log of sign-in outcomes, oldest first. */
  events: SiteEvent[];
}

export interface StartSiteOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  crossPort?: number;
  users?: SiteUser[];
  /** Clock in ms for code verification, so tests can pin time. Default Date.now. */
  now?: () => number;
}

/**
 * The default account. The secret spells its purpose so nobody mistakes it for
 * a real one; the recovery codes are fixed so tests and humans can use them.
 */
export const DEFAULT_USER: Readonly<Required<SiteUser>> = Object.freeze({
  username: 'alice',
  password: 'correct horse',
  secret: 'TWOFOLDTESTSITEALICESECRET234567',
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  recoveryCodes: [
    'kq7m-x2pd',
    't9vn-h4rc',
    'b3zw-m8fj',
    'p6ls-q1ye',
    'w5gk-n7tu',
    'd2hx-r9va',
    'y8cf-j3ko',
    'm4re-s6bn',
  ],
});

export async function startSite(opts: StartSiteOptions = {}): Promise<Site> {
  const store = createStore(opts.users ?? [DEFAULT_USER], opts.now ?? Date.now);
  const lateBundle = await lateFieldBundle();
  const names = Object.keys(CLIENT_BUNDLES) as ClientBundleName[];
  const clientBundles = Object.fromEntries(
    await Promise.all(names.map(async (n) => [n, await clientBundle(n)] as const)),
  ) as Record<ClientBundleName, string>;

  const main = createServer();
  const cross = createServer();
  const mainPort = await listen(main, opts.port ?? 0);
  let crossPort: number;
  try {
    crossPort = await listen(cross, opts.crossPort ?? 0);
  } catch (err) {
    await stop(main);
    throw err;
  }
  const origin = `http://127.0.0.1:${mainPort}`;
  const crossOrigin = `http://127.0.0.1:${crossPort}`;

  const app: AppContext = {
    store,
    sessions: new Sessions(`twofold_test_sid_${mainPort}`),
    origin,
    crossOrigin,
    lateBundle,
    clientBundles,
  };
  main.on(
    'request',
    guarded((req, res) => handleMain(app, req, res)),
  );
  cross.on(
    'request',
    guarded((req, res) => handleCross({ store, origin, crossOrigin }, req, res)),
  );

  return {
    origin,
    crossOrigin,
    events: store.events,
    close: async () => {
      await Promise.all([stop(main), stop(cross)]);
    },
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the site has test endpoints that reveal secrets.
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    // Browsers keep connections alive; without this close() waits for them.
    server.closeAllConnections();
  });
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

function guarded(handler: Handler): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handler(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      if (!(err instanceof HttpError)) {
        // Only the route and message: request bodies may hold codes/passwords.
        const path = (req.url ?? '').split('?')[0];
        process.stderr.write(
          `[test site] ${req.method} ${path}: ${err instanceof Error ? err.message : String(err)}\n`,
        );
      }
      if (res.headersSent) res.end();
      else sendText(res, status, err instanceof HttpError ? err.message : 'Internal server error');
    });
  };
}
