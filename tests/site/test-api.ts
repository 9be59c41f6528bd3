// /__test/* endpoints: let tests (and humans debugging them) see and set what
// a real site would keep private. The site only listens on 127.0.0.1.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, readFields, sendJson } from './http';
import { newRecoveryCodes, putUser, putUserWithout2fa, type Store, stateJson } from './state';
import type { Algorithm } from './types';

export async function handleTestApi(store: Store, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const route = `${req.method} ${url.pathname}`;
  const username = url.searchParams.get('username') ?? '';

  switch (route) {
    // {enabled, secret, recoveryCodes, ...}; `secret` is the pending one during enrolment.
    case 'GET /__test/state': {
      const user = store.users.get(username);
      return user ? sendJson(res, 200, stateJson(user)) : sendJson(res, 404, { error: 'no such user' });
    }
    // The code "texted" by the last visit to /2fa?variant=sms.
    case 'GET /__test/last-sms': {
      const code = store.users.get(username)?.smsCode;
      return code ? sendJson(res, 200, { code }) : sendJson(res, 404, { error: 'no SMS sent' });
    }
    case 'GET /__test/events':
      return sendJson(res, 200, store.events);
    // Body {username, password?, secret?, algorithm?, digits?, period?}: creates or
    // replaces the user; without `secret` it has no 2FA (login leads to /enrol).
    case 'POST /__test/reset-user': {
      const f = await readFields(req);
      if (!f.username) throw new HttpError(400, 'username required');
      const password = f.password ?? 'correct horse';
      const user = f.secret
        ? putUser(store, {
            username: f.username,
            password,
            secret: f.secret,
            algorithm: parseAlgorithm(f.algorithm),
            digits: f.digits ? Number(f.digits) : 6,
            period: f.period ? Number(f.period) : 30,
            recoveryCodes: newRecoveryCodes(),
          })
        : putUserWithout2fa(store, f.username, password);
      return sendJson(res, 200, stateJson(user));
    }
  }
  sendJson(res, 404, { error: 'unknown test endpoint' });
}

function parseAlgorithm(a: string | undefined): Algorithm {
  if (a === undefined || a === 'SHA1' || a === 'SHA256' || a === 'SHA512') return a ?? 'SHA1';
  throw new HttpError(400, 'algorithm must be SHA1, SHA256 or SHA512');
}
