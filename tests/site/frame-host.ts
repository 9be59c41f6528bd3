// The second ("cross-origin") server: it only hosts the 2FA frame of the
// `xorigin` variant. It shares the Store with the main server but not its
// cookies, so who is signing in travels in a signed one-time token.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFields, sendHtml, sendText } from './http';
import { crossIndexPage } from './pages';
import { consumeToken, mintToken, readToken, type Store } from './state';
import { framePage, frameSuccessPage } from './variants';
import { checkSecondFactor } from './verify';

export interface FrameHostContext {
  store: Store;
  origin: string;
  crossOrigin: string;
}

export async function handleCross(ctx: FrameHostContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', ctx.crossOrigin);
  const route = `${req.method} ${url.pathname}`;
  if (route === 'GET /') return sendHtml(res, 200, crossIndexPage(ctx.origin));
  if (route === 'GET /favicon.ico') return sendText(res, 204, '');
  if (route !== 'GET /frame/2fa' && route !== 'POST /frame/2fa') return sendText(res, 404, 'Not found');

  const token = url.searchParams.get('token');
  const payload = readToken(ctx.store, token, 'frame');
  const user = payload && ctx.store.users.get(payload.username);
  if (!payload || !user || token === null) {
    return sendHtml(res, 401, framePage({ action: '', digits: 6, expired: true }));
  }
  const action = `/frame/2fa?token=${encodeURIComponent(token)}`;
  if (req.method === 'GET') return sendHtml(res, 200, framePage({ action, digits: user.digits }));

  const f = await readFields(req);
  if (!checkSecondFactor(ctx.store, user, 'xorigin', f.code ?? '')) {
    return sendHtml(res, 422, framePage({ action, digits: user.digits, error: 'Invalid code' }));
  }
  consumeToken(ctx.store, payload);
  const login = mintToken(ctx.store, 'login', user.username, payload.sid);
  return sendHtml(
    res,
    200,
    frameSuccessPage({ continueUrl: `${ctx.origin}/welcome?token=${encodeURIComponent(login)}` }),
  );
}
