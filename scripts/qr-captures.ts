/*
 * Renders realistic 2FA enrolment pages in Chromium and saves what `tabs.captureVisibleTab` would see,
 * with a truth.json for `npm run eval:qr` (docs/enrolment.md "Measuring it"). QR codes come from the `qrcode`
 * generator; the pages vary what makes real captures hard: small codes, dark themes (inverted codes), modals, a second
 * QR (app-store link) beside the key, JPEG artefacts, SVG/canvas/CSS rendering, zoom and 1x-2x screens
 * from 1280 to 5120 pixels wide, plus pages with no OTP code at all.
 *
 *   npx tsx scripts/qr-captures.ts DIR [--count N] [--seed S]
 *
 * The same seed always gives the same pages; the captures may differ slightly between Chromium versions.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import QRCode from 'qrcode';
import { encodeBase32 } from '../lib/encoding/base32';
import { encodeMigrationUris } from '../lib/otp/migration';
import type { OtpParams } from '../lib/otp/types';
import { formatOtpauthUri } from '../lib/otp/uri';
import { chromiumArgs, chromiumPath } from '../tests/e2e/browser';

export interface TruthEntry {
  file: string;
  expected: string | null;
  decoy: string | null;
  /** What the page varies, for reading results (not used by the evaluation). */
  scenario: string;
  width: number;
}

type Scenario =
  | 'plain'
  | 'small'
  | 'dark'
  | 'modal'
  | 'two-qr'
  | 'jpeg'
  | 'dense'
  | 'svg'
  | 'canvas'
  | 'css-background'
  | 'zoomed'
  | 'migration'
  | 'no-qr'
  | 'decoy-only';

const SCENARIOS: Scenario[] = [
  'plain',
  'small',
  'dark',
  'modal',
  'two-qr',
  'jpeg',
  'dense',
  'svg',
  'canvas',
  'css-background',
  'zoomed',
  'migration',
  'plain',
  'two-qr',
  'small',
  'no-qr',
  'decoy-only',
];

/** Screens as CSS viewport × device pixel ratio; capture widths 1280, 1366, 1920, 2560, 2880, 5120. */
const SCREENS = [
  { width: 1280, height: 800, dpr: 1 },
  { width: 1920, height: 1080, dpr: 1 },
  { width: 1280, height: 720, dpr: 2 },
  { width: 1366, height: 768, dpr: 1 },
  { width: 1440, height: 900, dpr: 2 },
  { width: 2560, height: 1440, dpr: 2 },
];

const ISSUERS = [
  'GitHub',
  'Example Bank',
  'ACME Corp',
  'Nextcloud',
  'Gitea',
  'Société Générale',
  'Proxmox VE',
  'Mastodon',
];
const NAMES = [
  'alice@example.com',
  'bob',
  'josé.núñez@example.es',
  'admin',
  'ops-team+2fa@example.org',
  '用户@example.cn',
];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function account(rand: () => number, dense: boolean): OtpParams {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const size = dense ? 64 : pick([10, 20, 20, 32]);
  const secret = new Uint8Array(size).map(() => Math.floor(rand() * 256));
  const issuer = dense ? `${pick(ISSUERS)} Enterprise Single Sign-On (EU region)` : pick(ISSUERS);
  const name = dense ? `a.very.long.account.name.${Math.floor(rand() * 1e6)}@subdomain.example.com` : pick(NAMES);
  if (rand() < 0.15 && !dense)
    return { kind: 'hotp', secret, issuer, account: name, algorithm: 'SHA1', digits: 6, counter: 0n };
  return {
    kind: 'totp',
    secret,
    issuer,
    account: name,
    algorithm: dense ? 'SHA512' : pick(['SHA1', 'SHA1', 'SHA1', 'SHA256']),
    digits: pick([6, 6, 6, 8]),
    period: pick([30, 30, 30, 60]),
  };
}

interface Rendered {
  html: string;
  expected: string | null;
  decoy: string | null;
}

async function qrImg(
  text: string,
  px: number,
  opts: { dark?: boolean; ecc?: 'L' | 'M' | 'Q' | 'H' } = {},
): Promise<string> {
  const color = opts.dark ? { dark: '#e8eaed', light: '#202124' } : { dark: '#000000', light: '#ffffff' };
  return QRCode.toDataURL(text, { errorCorrectionLevel: opts.ecc ?? 'M', margin: 2, width: px, color });
}

function page(body: string, dark: boolean, extraCss = ''): string {
  const bg = dark ? '#202124' : '#f6f8fa';
  const fg = dark ? '#e8eaed' : '#1f2328';
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  body{margin:0;font:15px/1.5 system-ui,sans-serif;background:${bg};color:${fg}}
  header{display:flex;gap:24px;align-items:center;padding:12px 32px;background:${dark ? '#171717' : '#24292f'};color:#fff}
  header nav a{color:#ddd;margin-right:16px;text-decoration:none}
  main{display:grid;grid-template-columns:240px 1fr;gap:32px;padding:32px;max-width:1100px;margin:auto}
  aside a{display:block;padding:6px 8px;color:inherit;text-decoration:none;border-radius:6px}
  aside a.on{background:${dark ? '#333' : '#e7ecf0'}}
  .card{background:${dark ? '#2b2c2f' : '#fff'};border:1px solid ${dark ? '#444' : '#d0d7de'};border-radius:8px;padding:24px}
  code{font-size:14px;background:${dark ? '#333' : '#eff1f3'};padding:2px 6px;border-radius:4px;word-break:break-all}
  input{font-size:16px;padding:6px 8px;width:140px}
  .btn{background:#1f883d;color:#fff;border:0;border-radius:6px;padding:8px 16px}
  .row{display:flex;gap:32px;align-items:flex-start}
  ${extraCss}</style></head><body>
  <header><strong>Example</strong><nav><a href="#">Dashboard</a><a href="#">Projects</a><a href="#">Settings</a></nav></header>
  <main><aside><a href="#">Profile</a><a href="#">Password</a><a class="on" href="#">Two-factor authentication</a><a href="#">Sessions</a></aside>
  <section>${body}</section></main></body></html>`;
}

function enrolCard(qr: string, secretText: string, side = ''): string {
  return `<div class="card"><h2>Set up your authenticator app</h2>
  <p>1. Scan this QR code with your authenticator app (Twofold, Aegis, Google Authenticator…).</p>
  <div class="row"><div>${qr}</div>${side}</div>
  <p>Can't scan it? Enter this key instead: <code>${secretText}</code></p>
  <p>2. Enter the 6-digit code from the app to finish:</p>
  <p><input placeholder="123456" autocomplete="one-time-code"> <button class="btn">Verify and enable</button></p></div>`;
}

async function render(s: Scenario, rand: () => number): Promise<Rendered> {
  const dense = s === 'dense';
  const acct = account(rand, dense);
  const uri = formatOtpauthUri(acct);
  const key = encodeBase32(acct.secret)
    .replace(/(.{4})/g, '$1 ')
    .trim();
  const size = s === 'small' ? 84 + Math.floor(rand() * 30) : 160 + Math.floor(rand() * 120);
  const img = async (text: string, px = size, dark = false) =>
    `<img alt="QR code" width="${px}" height="${px}" src="${await qrImg(text, px * 2, { dark, ecc: dense ? 'L' : 'M' })}">`;
  switch (s) {
    case 'no-qr':
      return {
        html: page(
          `<div class="card"><h2>Two-factor authentication</h2><p>Two-factor authentication is <b>enabled</b> with an authenticator app.</p><p><button class="btn">Regenerate recovery codes</button></p></div>`,
          rand() < 0.5,
        ),
        expected: null,
        decoy: null,
      };
    case 'decoy-only': {
      const decoy = `https://apps.example.com/download?platform=${rand() < 0.5 ? 'ios' : 'android'}&ref=${Math.floor(rand() * 1e6)}`;
      return {
        html: page(
          `<div class="card"><h2>Get our mobile app</h2><p>Scan to download the app.</p>${await img(decoy)}</div>`,
          false,
        ),
        expected: null,
        decoy,
      };
    }
    case 'two-qr': {
      const decoy = `https://apps.apple.com/app/example-authenticator/id${Math.floor(rand() * 1e9)}`;
      const side = `<div style="text-align:center"><p>No app yet? Get ours:</p>${await img(decoy, 120)}</div>`;
      const first = rand() < 0.5;
      const qr = await img(uri);
      return { html: page(first ? enrolCard(qr, key, side) : enrolCard(side, key, qr), false), expected: uri, decoy };
    }
    case 'modal': {
      const card = enrolCard(await img(uri), key);
      const html = page(
        `<div class="card"><h2>Security</h2><p>${'Lorem ipsum dolor sit amet. '.repeat(30)}</p></div>
         <div style="position:fixed;inset:0;background:rgba(0,0,0,.55);display:grid;place-items:center"><div style="width:560px">${card}</div></div>`,
        false,
      );
      return { html, expected: uri, decoy: null };
    }
    case 'dark':
      return { html: page(enrolCard(await img(uri, size, true), key), true), expected: uri, decoy: null };
    case 'svg': {
      const svg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
      return {
        html: page(enrolCard(`<div style="width:${size}px;height:${size}px">${svg}</div>`, key), false),
        expected: uri,
        decoy: null,
      };
    }
    case 'canvas': {
      const src = await qrImg(uri, 41 * 4, {});
      const qr = `<canvas id="c" width="${size}" height="${size}"></canvas><script>const i=new Image();i.onload=()=>{const c=document.getElementById('c').getContext('2d');c.imageSmoothingEnabled=false;c.drawImage(i,0,0,${size},${size});document.body.dataset.ready='1'};i.src=${JSON.stringify(src)};</script>`;
      return { html: page(enrolCard(qr, key), false), expected: uri, decoy: null };
    }
    case 'css-background': {
      const src = await qrImg(uri, size * 2);
      const qr = `<div role="img" aria-label="QR code" style="width:${size}px;height:${size}px;background:url('${src}') center/contain no-repeat"></div>`;
      return { html: page(enrolCard(qr, key), false), expected: uri, decoy: null };
    }
    case 'zoomed':
      return {
        html: page(enrolCard(await img(uri), key), false, `body{zoom:${rand() < 0.5 ? 1.25 : 1.5}}`),
        expected: uri,
        decoy: null,
      };
    case 'migration': {
      const { uris } = encodeMigrationUris([acct, account(rand, false)], {
        batchId: Math.floor(rand() * 1e6),
        perQr: 10,
      });
      const text = uris[0] as string;
      const body = `<div class="card"><h2>Transfer accounts</h2><p>Scan this QR code with Google Authenticator on your new phone.</p>${await img(text, 260)}</div>`;
      return { html: page(body, false), expected: text, decoy: null };
    }
    default:
      return { html: page(enrolCard(await img(uri), key), false), expected: uri, decoy: null };
  }
}

export async function makeCaptures(dir: string, count: number, seed = 1): Promise<TruthEntry[]> {
  mkdirSync(dir, { recursive: true });
  const rand = mulberry32(seed);
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: chromiumArgs('').filter((a) => !a.includes('extension')),
  });
  const truth: TruthEntry[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const scenario = SCENARIOS[i % SCENARIOS.length] as Scenario;
      const screen = SCREENS[Math.floor(rand() * SCREENS.length)] ?? SCREENS[0];
      if (!screen) throw new Error('no screens');
      const context = await browser.newContext({
        viewport: { width: screen.width, height: screen.height },
        deviceScaleFactor: screen.dpr,
      });
      const tab = await context.newPage();
      const { html, expected, decoy } = await render(scenario, rand);
      await tab.setContent(html);
      if (scenario === 'canvas') await tab.waitForFunction(() => document.body.dataset.ready === '1');
      const jpeg = scenario === 'jpeg' || rand() < 0.2;
      const file = `${String(i + 1).padStart(3, '0')}-${scenario}-${screen.width * screen.dpr}.${jpeg ? 'jpg' : 'png'}`;
      const shot = await tab.screenshot(
        jpeg ? { type: 'jpeg', quality: 60 + Math.floor(rand() * 31) } : { type: 'png' },
      );
      writeFileSync(join(dir, file), shot);
      truth.push({ file, expected, decoy, scenario, width: screen.width * screen.dpr });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  writeFileSync(join(dir, 'truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
  return truth;
}

if (process.argv[1]?.endsWith('qr-captures.ts')) {
  const args = process.argv.slice(2);
  const dir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  const opt = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  if (!dir) {
    console.error('usage: npx tsx scripts/qr-captures.ts DIR [--count N] [--seed S]');
    process.exit(2);
  }
  const truth = await makeCaptures(resolve(dir), opt('--count', 60), opt('--seed', 1));
  console.info(`${truth.length} captures in ${resolve(dir)}`);
}
