// Request handling for the main origin: password login, the 2FA variants,
// the welcome page and enrolment.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClientBundleName } from './bundle';
import { ENROL_PARAMS, enrolDonePage, enrolPage, newSecret, otpauthUri, qrDataUrl } from './enrol';
import { readFields, redirect, sendHtml, sendJson, sendText } from './http';
import { indexPage, loginAction, loginPage, signupPage, welcomePage } from './pages';
import type { Session, Sessions } from './sessions';
import {
  consumeToken,
  logEvent,
  mintToken,
  newRecoveryCodes,
  putUserWithout2fa,
  readToken,
  type Store,
  type UserRecord,
} from './state';
import { handleTestApi } from './test-api';
import type { Variant } from './types';
import { framePage, frameSuccessPage, isVariant, twoFactorPage } from './variants';
import { checkSecondFactor, sendSms, totpMatches } from './verify';

export interface AppContext {
  store: Store;
  sessions: Sessions;
  origin: string;
  crossOrigin: string;
  lateBundle: string;
  /** The framework builds of the code step, by name (tests/site/bundle.ts). */
  clientBundles: Record<ClientBundleName, string>;
}

const INVALID_CODE = 'Invalid code';

export async function handleMain(ctx: AppContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', ctx.origin);
  const variantParam = url.searchParams.get('variant');
  const variant: Variant = isVariant(variantParam) ? variantParam : 'plain';
  const route = `${req.method} ${url.pathname}`;

  if (url.pathname.startsWith('/__test/')) return handleTestApi(ctx.store, req, res, url);

  switch (route) {
    case 'GET /':
      return sendHtml(res, 200, await renderIndex(ctx));
    case 'GET /favicon.ico':
      return sendText(res, 204, '');
    case 'GET /static/late-field.js':
      return sendText(res, 200, ctx.lateBundle, 'text/javascript; charset=utf-8');
    case 'GET /static/react-field.js':
    case 'GET /static/vue-field.js':
    case 'GET /static/model-field.js': {
      const name = url.pathname.slice('/static/'.length, -'.js'.length) as ClientBundleName;
      return sendText(res, 200, ctx.clientBundles[name], 'text/javascript; charset=utf-8');
    }

    case 'GET /login':
      return sendHtml(res, 200, loginPage({ action: loginAction(isVariant(variantParam) ? variantParam : null) }));
    case 'POST /login': {
      const f = await readFields(req);
      const user = ctx.store.users.get(f.username ?? '');
      if (!user || user.password !== f.password) {
        return sendHtml(
          res,
          401,
          loginPage({ action: loginAction(variant), username: f.username, error: 'Incorrect username or password.' }),
        );
      }
      const { setCookie } = ctx.sessions.create(user.username, 'password');
      logEvent(ctx.store, 'login', variant, user.username);
      // A user without 2FA is sent to set it up, as sites that require it do.
      return redirect(res, user.secret === null ? '/enrol' : `/2fa?variant=${variant}`, { 'set-cookie': setCookie });
    }

    case 'GET /signup':
      return sendHtml(res, 200, signupPage({}));
    case 'POST /signup': {
      const f = await readFields(req);
      const username = (f.username ?? '').trim();
      const error = !/^[\w.-]{1,32}$/.test(username)
        ? 'Choose a username of letters, digits, dot, dash or underscore.'
        : !f.password
          ? 'Choose a password.'
          : ctx.store.users.has(username)
            ? 'That username is taken.'
            : null;
      if (error) return sendHtml(res, 422, signupPage({ username, error }));
      putUserWithout2fa(ctx.store, username, f.password ?? '');
      const { setCookie } = ctx.sessions.create(username, 'password');
      return redirect(res, '/enrol', { 'set-cookie': setCookie });
    }

    case 'GET /2fa':
    case 'POST /2fa': {
      const auth = secondStep(ctx, req);
      if (auth.kind !== 'ok') return redirect(res, auth.kind === 'done' ? '/welcome' : `/login?variant=${variant}`);
      if (req.method === 'GET') {
        if (variant === 'sms') sendSms(ctx.store, auth.user);
        return sendHtml(res, 200, render2fa(ctx, auth.session, auth.user, variant, null));
      }
      const f = await readFields(req);
      const code = f.code ?? f.otp ?? f.recovery_code ?? f.OATHToken ?? '';
      if (checkSecondFactor(ctx.store, auth.user, variant, code)) {
        auth.session.stage = 'done';
        return redirect(res, '/welcome');
      }
      return sendHtml(res, 422, render2fa(ctx, auth.session, auth.user, variant, INVALID_CODE));
    }

    // JSON endpoint for fetch-based pages (the `late` Preact app).
    case 'POST /api/2fa': {
      const f = await readFields(req);
      const auth = secondStep(ctx, req);
      if (auth.kind !== 'ok')
        return sendJson(res, 401, { ok: false, error: 'Your session has expired. Sign in again.' });
      const v = isVariant(f.variant) ? f.variant : 'late';
      if (checkSecondFactor(ctx.store, auth.user, v, f.code ?? '')) {
        auth.session.stage = 'done';
        return sendJson(res, 200, { ok: true, redirect: '/welcome' });
      }
      return sendJson(res, 422, { ok: false, error: INVALID_CODE });
    }

    // Document of the same-origin `iframe` variant.
    case 'GET /frame/2fa':
    case 'POST /frame/2fa': {
      const auth = secondStep(ctx, req);
      if (auth.kind !== 'ok') return sendHtml(res, 401, framePage({ action: '/frame/2fa', digits: 6, expired: true }));
      const digits = auth.user.digits;
      if (req.method === 'GET') return sendHtml(res, 200, framePage({ action: '/frame/2fa', digits }));
      const f = await readFields(req);
      if (checkSecondFactor(ctx.store, auth.user, 'iframe', f.code ?? '')) {
        auth.session.stage = 'done';
        return sendHtml(res, 200, frameSuccessPage({ continueUrl: '/welcome' }));
      }
      return sendHtml(res, 422, framePage({ action: '/frame/2fa', digits, error: INVALID_CODE }));
    }

    case 'GET /welcome': {
      const session = ctx.sessions.get(req);
      const token = url.searchParams.get('token');
      if (token !== null) {
        // Coming back from the cross-origin frame: its one-time token, bound
        // to this browser's session, completes the sign-in.
        const payload = readToken(ctx.store, token, 'login');
        if (!payload || !session || session.id !== payload.sid || session.username !== payload.username) {
          return redirect(res, '/login?variant=xorigin');
        }
        consumeToken(ctx.store, payload);
        session.stage = 'done';
        return redirect(res, '/welcome');
      }
      if (session?.stage !== 'done') return redirect(res, '/login');
      return sendHtml(res, 200, welcomePage(session.username));
    }

    case 'GET /logout':
      return redirect(res, '/', { 'set-cookie': ctx.sessions.destroy(req) });

    case 'GET /enrol':
    case 'POST /enrol':
      return handleEnrol(ctx, req, res);
  }
  sendHtml(res, 404, '<!doctype html><title>Not found</title><h1>Not found</h1><p><a href="/">Home</a></p>');
}

type SecondStep = { kind: 'ok'; session: Session; user: UserRecord } | { kind: 'done' } | { kind: 'none' };

/** The 2FA pages need a session that passed the password step only. */
function secondStep(ctx: AppContext, req: IncomingMessage): SecondStep {
  const session = ctx.sessions.get(req);
  const user = session && ctx.store.users.get(session.username);
  if (!session || !user || user.secret === null) return { kind: 'none' };
  if (session.stage === 'done') return { kind: 'done' };
  return { kind: 'ok', session, user };
}

function render2fa(
  ctx: AppContext,
  session: Session,
  user: UserRecord,
  variant: Variant,
  error: string | null,
): string {
  if (variant !== 'xorigin') return twoFactorPage({ variant, digits: user.digits, error });
  // The frame on the other origin gets no cookie of ours, so it is told who
  // is signing in by a signed one-time token in its URL.
  const token = mintToken(ctx.store, 'frame', user.username, session.id);
  const frameSrc = `${ctx.crossOrigin}/frame/2fa?token=${encodeURIComponent(token)}`;
  return twoFactorPage({ variant, digits: user.digits, error, frameSrc });
}

async function handleEnrol(ctx: AppContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const session = ctx.sessions.get(req);
  const user = session && ctx.store.users.get(session.username);
  if (!session || !user) return redirect(res, '/login');
  // Signed in fully, or signed in with a password by a user who has no 2FA yet.
  if (session.stage !== 'done' && user.secret !== null) return redirect(res, '/2fa');

  if (req.method === 'GET') {
    // Every visit issues a fresh secret, like GitHub or Google do.
    user.pendingSecret = newSecret();
    return sendHtml(
      res,
      200,
      await enrolPage({ username: user.username, secret: user.pendingSecret, reset: user.secret !== null }),
    );
  }
  if (user.pendingSecret === null) return redirect(res, '/enrol');
  const f = await readFields(req);
  if (!totpMatches(user.pendingSecret, f.code ?? '', ENROL_PARAMS, ctx.store.now())) {
    logEvent(ctx.store, 'enrol-fail', 'enrol', user.username);
    return sendHtml(
      res,
      422,
      await enrolPage({
        username: user.username,
        secret: user.pendingSecret,
        error: INVALID_CODE,
        reset: user.secret !== null,
      }),
    );
  }
  Object.assign(user, ENROL_PARAMS, {
    secret: user.pendingSecret,
    pendingSecret: null,
    recoveryCodes: newRecoveryCodes(),
  });
  user.usedRecoveryCodes.clear();
  session.stage = 'done';
  logEvent(ctx.store, 'enrol-ok', 'enrol', user.username);
  sendHtml(res, 200, enrolDonePage(user.recoveryCodes));
}

async function renderIndex(ctx: AppContext): Promise<string> {
  const accounts = await Promise.all(
    [...ctx.store.users.values()].map(async (u) => ({
      username: u.username,
      password: u.password,
      secret: u.secret,
      params: `${u.algorithm}, ${u.digits} digits, ${u.period} s`,
      recoveryCodes: u.recoveryCodes.filter((c) => !u.usedRecoveryCodes.has(c)),
      qrDataUrl: u.secret ? await qrDataUrl(otpauthUri(u.username, u.secret, u)) : null,
    })),
  );
  return indexPage({ accounts, crossOrigin: ctx.crossOrigin });
}
