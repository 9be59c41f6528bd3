// HTTP-level tests of the test site itself: if these fail, e2e failures mean
// nothing. Codes are generated here with `otpauth`, at a pinned clock.
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATE_SHOWN_VARIANTS } from './late-shown';
import { DEFAULT_USER, type Site, startSite, VARIANTS } from './server';

// 2024-05-01T12:00:10Z: 10 s into a 30 s period.
const NOW = Date.UTC(2024, 4, 1, 12, 0, 10);

function totpAt(secret: string, timestamp: number): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp });
}

/** One "browser": keeps its session cookie, does not follow redirects. */
class Client {
  private cookie = '';
  constructor(private readonly base: string) {}

  async get(path: string): Promise<Response> {
    return this.send(path, { method: 'GET' });
  }

  async post(path: string, fields: Record<string, string>): Promise<Response> {
    return this.send(path, { method: 'POST', body: new URLSearchParams(fields) });
  }

  async postJson(path: string, value: unknown): Promise<Response> {
    return this.send(path, {
      method: 'POST',
      body: JSON.stringify(value),
      headers: { 'content-type': 'application/json' },
    });
  }

  private async send(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set('cookie', this.cookie);
    const res = await fetch(new URL(path, this.base), { ...init, headers, redirect: 'manual' });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0] ?? '';
    return res;
  }

  async login(variant: string): Promise<void> {
    const res = await this.post(`/login?variant=${variant}`, { username: 'alice', password: 'correct horse' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/2fa?variant=${variant}`);
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/);
  }
}

let site: Site;
const clock = { now: NOW };

beforeAll(async () => {
  site = await startSite({ now: () => clock.now });
});
afterAll(async () => {
  await site.close();
});

describe('index and login', () => {
  it('binds both servers to 127.0.0.1 on different ports', () => {
    expect(site.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(site.crossOrigin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(site.crossOrigin).not.toBe(site.origin);
  });

  it('index links every variant and enrolment', async () => {
    const page = await (await fetch(`${site.origin}/`)).text();
    for (const v of VARIANTS) expect(page).toContain(`href="/login?variant=${v}"`);
    expect(VARIANTS).toHaveLength(18);
    expect(page).toContain('href="/signup"');
    expect(page).toContain('href="/enrol"');
  });

  it('login form has the usual autocomplete hints', async () => {
    const page = await (await fetch(`${site.origin}/login?variant=plain`)).text();
    expect(page).toMatch(/<input id="username" name="username" autocomplete="username"/);
    expect(page).toMatch(/<input type="password" id="password" name="password" autocomplete="current-password">/);
    expect(page).toContain('Sign in</button>');
  });

  it('wrong password shows the form again with an error and no session', async () => {
    const c = new Client(site.origin);
    const res = await c.post('/login?variant=plain', { username: 'alice', password: 'wrong' });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    const page = await res.text();
    expect(page).toContain('role="alert"');
    expect(page).toContain('Incorrect username or password');
    expect(page).toContain('name="password"');
    // Without the password step the 2FA page sends you back to sign in.
    expect((await c.get('/2fa?variant=plain')).headers.get('location')).toBe('/login?variant=plain');
  });
});

describe('TOTP second factor', () => {
  it('correct code at the pinned time signs in and logs the events', async () => {
    const c = new Client(site.origin);
    await c.login('plain');
    const page = await (await c.get('/2fa?variant=plain')).text();
    expect(page).toContain('Two-factor authentication');
    expect(page).toContain('Enter the 6-digit code from your authenticator app');
    const res = await c.post('/2fa?variant=plain', { code: totpAt(DEFAULT_USER.secret, NOW) });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/welcome');
    expect(await (await c.get('/welcome')).text()).toContain('<h1 id="welcome">Signed in as alice</h1>');
    expect(site.events.slice(-2).map((e) => [e.type, e.variant, e.username, e.at])).toEqual([
      ['login', 'plain', 'alice', NOW],
      ['otp-ok', 'plain', 'alice', NOW],
    ]);
  });

  it('wrong code shows "Invalid code" and does not sign in', async () => {
    const c = new Client(site.origin);
    await c.login('autocomplete');
    const good = totpAt(DEFAULT_USER.secret, NOW);
    const wrong = String((Number(good) + 1) % 1_000_000).padStart(6, '0');
    const res = await c.post('/2fa?variant=autocomplete', { otp: wrong });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('<p role="alert" id="error">Invalid code</p>');
    expect(page).toContain('autocomplete="one-time-code"');
    expect((await c.get('/welcome')).headers.get('location')).toBe('/login');
    expect(site.events.at(-1)?.type).toBe('otp-fail');
  });

  it('accepts the previous period (±1 window) but not two periods ago', async () => {
    const c = new Client(site.origin);
    await c.login('plain');
    const twoAgo = totpAt(DEFAULT_USER.secret, NOW - 60_000);
    expect(twoAgo).not.toBe(totpAt(DEFAULT_USER.secret, NOW));
    expect((await c.post('/2fa?variant=plain', { code: twoAgo })).status).toBe(422);
    const oneAgo = await c.post('/2fa?variant=plain', { code: totpAt(DEFAULT_USER.secret, NOW - 30_000) });
    expect(oneAgo.headers.get('location')).toBe('/welcome');
  });

  it('fetch-based API (late variant) verifies JSON codes', async () => {
    const c = new Client(site.origin);
    await c.login('late');
    const bad = await c.postJson('/api/2fa', { variant: 'late', code: '' });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({ ok: false, error: 'Invalid code' });
    const ok = await c.postJson('/api/2fa', { variant: 'late', code: totpAt(DEFAULT_USER.secret, NOW) });
    expect(await ok.json()).toEqual({ ok: true, redirect: '/welcome' });
    expect((await c.get('/welcome')).status).toBe(200);
  });

  it('segmented page has one box per digit, a hidden code field, hint on the first box only', async () => {
    const c = new Client(site.origin);
    await c.login('segmented');
    const page = await (await c.get('/2fa?variant=segmented')).text();
    const boxes = page.match(/<input class="otp-box"[^>]*>/g) ?? [];
    expect(boxes).toHaveLength(6);
    expect(boxes.filter((b) => b.includes('one-time-code'))).toEqual([boxes[0]]);
    expect(page).toContain('<input type="hidden" name="code">');
    const res = await c.post('/2fa?variant=segmented', { code: totpAt(DEFAULT_USER.secret, NOW) });
    expect(res.headers.get('location')).toBe('/welcome');
  });
});

describe('recovery codes and SMS', () => {
  it('a recovery code works once, then is rejected', async () => {
    const code = DEFAULT_USER.recoveryCodes[3] ?? '';
    const first = new Client(site.origin);
    await first.login('recovery');
    const page = await (await first.get('/2fa?variant=recovery')).text();
    expect(page).toContain('Enter one of your recovery codes');
    expect(page).toContain('name="recovery_code" autocomplete="off" placeholder="xxxx-xxxx"');
    expect((await first.post('/2fa?variant=recovery', { recovery_code: code })).headers.get('location')).toBe(
      '/welcome',
    );

    const second = new Client(site.origin);
    await second.login('recovery');
    const again = await second.post('/2fa?variant=recovery', { recovery_code: code });
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('Invalid code');
    expect(site.events.slice(-1)[0]?.type).toBe('recovery-fail');
    const state = (await (await fetch(`${site.origin}/__test/state?username=alice`)).json()) as {
      usedRecoveryCodes: string[];
    };
    expect(state.usedRecoveryCodes).toEqual([code]);
  });

  it('a TOTP code is not accepted as a recovery code', async () => {
    const c = new Client(site.origin);
    await c.login('recovery');
    expect((await c.post('/2fa?variant=recovery', { recovery_code: totpAt(DEFAULT_USER.secret, NOW) })).status).toBe(
      422,
    );
  });

  it('the dual field (MediaWiki OATHAuth style) takes the TOTP code or an unused recovery code, each logged', async () => {
    const code = DEFAULT_USER.recoveryCodes[5] ?? '';
    const a = new Client(site.origin);
    await a.login('dual');
    expect(await (await a.get('/2fa?variant=dual')).text()).toContain('Two-factor token or recovery code');
    const ok = await a.post('/2fa?variant=dual', { OATHToken: totpAt(DEFAULT_USER.secret, NOW) });
    expect(ok.headers.get('location')).toBe('/welcome');
    expect(site.events.slice(-1)[0]).toMatchObject({ type: 'otp-ok', variant: 'dual' });
    const b = new Client(site.origin);
    await b.login('dual');
    expect((await b.post('/2fa?variant=dual', { OATHToken: code })).headers.get('location')).toBe('/welcome');
    expect(site.events.slice(-1)[0]).toMatchObject({ type: 'recovery-ok', variant: 'dual' });
    const c = new Client(site.origin);
    await c.login('dual');
    expect((await c.post('/2fa?variant=dual', { OATHToken: code })).status).toBe(422);
  });

  it('SMS page accepts only the texted code, not the TOTP', async () => {
    const c = new Client(site.origin);
    await c.login('sms');
    const page = await (await c.get('/2fa?variant=sms')).text();
    expect(page).toContain('We sent a code to your phone ending in 42');
    const { code } = (await (await fetch(`${site.origin}/__test/last-sms?username=alice`)).json()) as { code: string };
    expect(code).toMatch(/^\d{6}$/);
    expect((await c.post('/2fa?variant=sms', { code: totpAt(DEFAULT_USER.secret, NOW) })).status).toBe(422);
    expect((await c.post('/2fa?variant=sms', { code })).headers.get('location')).toBe('/welcome');
  });
});

describe('frames', () => {
  it('same-origin iframe variant verifies inside the frame and navigates top', async () => {
    const c = new Client(site.origin);
    await c.login('iframe');
    expect(await (await c.get('/2fa?variant=iframe')).text()).toContain('<iframe id="twofactor-frame"');
    expect(await (await c.get('/frame/2fa')).text()).toContain('name="code"');
    const ok = await c.post('/frame/2fa', { code: totpAt(DEFAULT_USER.secret, NOW) });
    expect(await ok.text()).toContain('top.location = "/welcome"');
    expect((await c.get('/welcome')).status).toBe(200);
  });

  it('cross-origin server answers on its own port and hosts the token-bound frame', async () => {
    const cross = await fetch(`${site.crossOrigin}/`);
    expect(cross.status).toBe(200);
    expect(await cross.text()).toContain(site.origin);
    // Same paths, different server: the main site's pages are not there.
    expect((await fetch(`${site.crossOrigin}/login`)).status).toBe(404);
    expect((await fetch(`${site.crossOrigin}/frame/2fa?token=forged.token`)).status).toBe(401);

    const c = new Client(site.origin);
    await c.login('xorigin');
    const page = await (await c.get('/2fa?variant=xorigin')).text();
    const src = /<iframe id="twofactor-frame"[^>]* src="([^"]+)"/.exec(page)?.[1]?.replace(/&#38;/g, '&') ?? '';
    expect(src.startsWith(`${site.crossOrigin}/frame/2fa?token=`)).toBe(true);

    // The frame has no cookie of ours: it works from the token alone.
    const frame = new Client(site.crossOrigin);
    expect(await (await frame.get(src)).text()).toContain('name="code"');
    expect(
      (await frame.post(src, { code: '000000' === totpAt(DEFAULT_USER.secret, NOW) ? '111111' : '000000' })).status,
    ).toBe(422);
    const done = await (await frame.post(src, { code: totpAt(DEFAULT_USER.secret, NOW) })).text();
    // The frame sends the top window to the main origin with a login token.
    const next = /top\.location = "([^"]+)"/.exec(done)?.[1] ?? '';
    expect(next.startsWith(`${site.origin}/welcome?token=`)).toBe(true);
    const login = decodeURIComponent(next.slice(next.indexOf('=') + 1));
    expect(login).not.toBe('');
    // The frame token was one-time.
    expect((await frame.get(src)).status).toBe(401);

    // Another browser cannot use the login token; ours can, once.
    expect(
      (await new Client(site.origin).get(`/welcome?token=${encodeURIComponent(login)}`)).headers.get('location'),
    ).toBe('/login?variant=xorigin');
    expect((await c.get(`/welcome?token=${encodeURIComponent(login)}`)).headers.get('location')).toBe('/welcome');
    expect(await (await c.get('/welcome')).text()).toContain('Signed in as alice');
    expect(site.events.at(-1)).toMatchObject({ type: 'otp-ok', variant: 'xorigin' });
  });
});

describe('late variant bundle', () => {
  it('serves the Preact bundle as JavaScript and the page only a mount point', async () => {
    const res = await fetch(`${site.origin}/static/late-field.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    const js = await res.text();
    expect(js.length).toBeGreaterThan(5_000);
    expect(js).toContain('/api/2fa');
    expect(() => new Function(js)).not.toThrow(); // parses as a classic script

    const c = new Client(site.origin);
    await c.login('late');
    const page = await (await c.get('/2fa?variant=late')).text();
    expect(page).toContain('<div id="root" data-digits="6"></div>');
    expect(page).toContain('<script src="/static/late-field.js"></script>');
    expect(page).not.toContain('<input');
  });
});

describe('framework builds of the code step (issue 15)', () => {
  for (const [variant, bundle, marker] of [
    ['react', 'react-field', 'react'],
    ['vue', 'vue-field', 'vue'],
    ['model', 'model-field', 'model-code'],
  ] as const) {
    it(`${variant}: serves its bundle, the page only a mount point, and the API verifies its codes`, async () => {
      const res = await fetch(`${site.origin}/static/${bundle}.js`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
      const js = await res.text();
      expect(js).toContain('/api/2fa');
      expect(js).toContain(marker);
      expect(() => new Function(js)).not.toThrow();

      const c = new Client(site.origin);
      await c.login(variant);
      const page = await (await c.get(`/2fa?variant=${variant}`)).text();
      expect(page).toContain(`<script src="/static/${bundle}.js"></script>`);
      expect(page).not.toContain('<input');
      const bad = await c.postJson('/api/2fa', { variant, code: '000000' });
      expect(bad.status).toBe(422);
      const ok = await c.postJson('/api/2fa', { variant, code: totpAt(DEFAULT_USER.secret, NOW) });
      expect(await ok.json()).toEqual({ ok: true, redirect: '/welcome' });
      expect(site.events.filter((e) => e.variant === variant).map((e) => e.type)).toEqual([
        'login',
        'otp-fail',
        'otp-ok',
      ]);
    });
  }
});

describe('enrolment', () => {
  it('signup → enrol: wrong code rejected, right code enables 2FA with 8 recovery codes', async () => {
    const c = new Client(site.origin);
    const signup = await c.post('/signup', { username: 'bob', password: 'hunter2' });
    expect(signup.headers.get('location')).toBe('/enrol');

    const page = await (await c.get('/enrol')).text();
    expect(page).toContain('Set up two-factor authentication');
    expect(page).toMatch(/<img alt="QR code" width="240" height="240" src="data:image\/png;base64,[A-Za-z0-9+/=]+">/);
    expect(page).toContain("<summary>Can't scan? Enter this key</summary>");
    expect(page).toContain('Enter the code from your app');
    expect(page).toContain('Enable</button>');

    const state = (await (await fetch(`${site.origin}/__test/state?username=bob`)).json()) as {
      enabled: boolean;
      secret: string;
    };
    expect(state.enabled).toBe(false);
    expect(state.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(page.replace(/ /g, '')).toContain(state.secret); // the manual key, grouped

    const good = totpAt(state.secret, NOW);
    const wrong = await c.post('/enrol', { code: String((Number(good) + 7) % 1_000_000).padStart(6, '0') });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('Invalid code');
    expect(site.events.at(-1)).toMatchObject({ type: 'enrol-fail', username: 'bob' });

    const ok = await c.post('/enrol', { code: good });
    expect(ok.status).toBe(200);
    const list = /<ul id="recovery-codes">(.*?)<\/ul>/s.exec(await ok.text())?.[1] ?? '';
    const codes = [...list.matchAll(/<code>([a-z0-9]{4}-[a-z0-9]{4})<\/code>/g)].map((m) => m[1]);
    expect(codes).toHaveLength(8);

    const after = (await (await fetch(`${site.origin}/__test/state?username=bob`)).json()) as {
      enabled: boolean;
      secret: string;
      recoveryCodes: string[];
    };
    expect(after).toMatchObject({ enabled: true, secret: state.secret, recoveryCodes: codes });
    expect(site.events.at(-1)).toMatchObject({ type: 'enrol-ok', username: 'bob' });

    // The enrolled secret now guards bob's sign-in.
    const again = new Client(site.origin);
    await again.post('/login?variant=plain', { username: 'bob', password: 'hunter2' });
    expect((await again.post('/2fa?variant=plain', { code: totpAt(DEFAULT_USER.secret, NOW) })).status).toBe(422);
    expect((await again.post('/2fa?variant=plain', { code: good })).headers.get('location')).toBe('/welcome');
  });

  it('reset: a signed-in user with 2FA gets a new secret from the welcome page; the old one works until the new one is enabled', async () => {
    const OLD = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    await fetch(`${site.origin}/__test/reset-user`, {
      method: 'POST',
      body: JSON.stringify({ username: 'rosa', secret: OLD }),
      headers: { 'content-type': 'application/json' },
    });
    const signIn = async (client: Client) =>
      expect((await client.post('/login?variant=plain', { username: 'rosa', password: 'correct horse' })).status).toBe(
        303,
      );
    const c = new Client(site.origin);
    await signIn(c);
    const welcome = await c.post('/2fa?variant=plain', { code: totpAt(OLD, NOW) });
    expect(welcome.headers.get('location')).toBe('/welcome');
    expect(await (await c.get('/welcome')).text()).toContain('<a id="reset-2fa" href="/enrol">Reset two-factor</a>');

    const page = await (await c.get('/enrol')).text();
    expect(page).toContain('<h1>Reset two-factor authentication</h1>');
    expect(page).toContain('id="reset-note"');
    const state = (await (await fetch(`${site.origin}/__test/state?username=rosa`)).json()) as {
      secret: string;
      activeSecret: string;
    };
    expect(state.activeSecret).toBe(OLD);
    expect(state.secret).not.toBe(OLD);

    // Before the new key is confirmed, the old one still signs in.
    const before = new Client(site.origin);
    await signIn(before);
    expect((await before.post('/2fa?variant=plain', { code: totpAt(OLD, NOW) })).status).toBe(303);

    expect((await c.post('/enrol', { code: totpAt(state.secret, NOW) })).status).toBe(200);
    const after = new Client(site.origin);
    await signIn(after);
    expect((await after.post('/2fa?variant=plain', { code: totpAt(OLD, NOW) })).status).toBe(422);
    expect((await after.post('/2fa?variant=plain', { code: totpAt(state.secret, NOW) })).status).toBe(303);
  });

  it('the QR code encodes the otpauth URI', async () => {
    const { otpauthUri } = await import('./enrol');
    expect(otpauthUri('alice', 'ABC')).toBe(
      'otpauth://totp/Twofold%20Test%20Site:alice?secret=ABC&issuer=Twofold%20Test%20Site&algorithm=SHA1&digits=6&period=30',
    );
  });
});

describe('late-shown code fields (issue 15, finding 7)', () => {
  for (const variant of LATE_SHOWN_VARIANTS) {
    it(`${variant}: the field is in the page but hidden until a control shows it; the site checks the code`, async () => {
      const c = new Client(site.origin);
      await c.login(variant);
      const page = await (await c.get(`/2fa?variant=${variant}`)).text();
      expect(page).toContain('<input type="text" id="code" name="code"');
      expect(page).toContain('id="reveal"');
      // Hidden at first: a hidden pane, a class-gated pane, a closed <details>, a closed <dialog>, a hidden tab panel.
      expect(page).toMatch(
        /<section id="code-pane" hidden>|#panes:not\(.show-code\)|<details id="code-details" >|<dialog id="code-dialog">|<div role="tabpanel" id="panel-app" aria-labelledby="reveal" hidden>/,
      );
      const good = totpAt(DEFAULT_USER.secret, NOW);
      const wrong = String((Number(good) + 1) % 1_000_000).padStart(6, '0');
      const refused = await c.post(`/2fa?variant=${variant}`, { code: wrong });
      expect(refused.status).toBe(422);
      // After a refusal the pane is shown at once, with the error in it.
      const again = await refused.text();
      expect(again).toContain('<p role="alert" id="error">Invalid code</p>');
      expect(again).not.toMatch(
        /<section id="code-pane" hidden>|<div role="tabpanel" id="panel-app" aria-labelledby="reveal" hidden>/,
      );
      const res = await c.post(`/2fa?variant=${variant}`, { code: good });
      expect(res.headers.get('location')).toBe('/welcome');
      expect(site.events.at(-1)).toMatchObject({ type: 'otp-ok', variant });
    });
  }
});
