// @vitest-environment happy-dom
import { randomUUID } from 'node:crypto';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type EnrolItem, ScanReview } from '../../../components/ScanReview';
import { buildScanReply, type ScanReply } from '../../../lib/enrol/reply';
import { interpretScan, outcomeOfUris } from '../../../lib/enrol/scan';
import { setTranslator } from '../../../lib/i18n/translate';
import { IMPORTERS } from '../../../lib/import/importers';
import { keyOfUri } from '../../../lib/import/key-of-uri';
import { type ImportReply, type ImportSummary, runImport } from '../../../lib/import/run';
import { parseRequest } from '../../../lib/messaging/protocol';
import { OTP_PARAM_NAMES } from '../../../lib/otp/carried';
import { currentCode } from '../../../lib/otp/code';
import { encodeMigrationUris } from '../../../lib/otp/migration';
import type { OtpParams } from '../../../lib/otp/types';
import { formatOtpauthUri, parseOtpauthUri } from '../../../lib/otp/uri';
import type { Account } from '../../../lib/vault/account-data';
import { catalogTranslator } from '../i18n/english';

/*
 * An import of a key Twofold already holds never changes its codes by default (other codes lock
 * the user out; docs/import-export.md). The
 * whole path the options page runs, without the browser: the importer (lib/import/run.ts), the
 * background's review (buildScanReply over outcomeOfUris) and the review screen (components/ScanReview).
 */

const T = 1_750_000_000; // a fixed clock, seconds
const secret = (n: number) => new Uint8Array(20).map((_, i) => (i * 7 + n) & 0xff);
const totp = (n: number, over: Partial<Extract<OtpParams, { kind: 'totp' }>> = {}): OtpParams => ({
  kind: 'totp',
  secret: secret(n),
  issuer: 'Example',
  account: 'alice',
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  ...over,
});
const stored = (otp: OtpParams): Account => ({
  id: randomUUID(),
  createdAt: 0,
  updatedAt: 0,
  otp,
  sites: ['example.com'],
  notes: '',
  recoveryCodes: [],
  pinned: false,
  order: 0,
});

async function importText(name: string, content: string): Promise<ImportSummary> {
  const replies: ImportReply[] = [];
  await runImport({ name, bytes: new TextEncoder().encode(content) }, (r) => replies.push(r));
  const done = replies.find((r) => r.kind === 'done');
  if (done?.kind !== 'done') throw new Error(`import failed: ${JSON.stringify(replies.at(-1))}`);
  return done.summary;
}

/** What the background answers to the page's `import-review` (entrypoints/background/enrol.ts importReview). */
function review(summary: ImportSummary, vault: readonly Account[]): ScanReply {
  const items = summary.items.map((i) => ({
    uri: i.uri,
    warnings: i.warnings,
    ...(i.carries ? { carries: i.carries } : {}),
  }));
  return buildScanReply(outcomeOfUris(items), 'import', undefined, vault, {}, T).reply;
}

/** FreeOTP+'s JSON as another app writes it: no Steam type, so a Steam key is a 6-digit TOTP. */
function freeOtpPlusJson(key: Uint8Array, issuer: string, label: string): string {
  const token = {
    algo: 'SHA1',
    counter: 0,
    digits: 6,
    issuerExt: issuer,
    label,
    period: 30,
    secret: [...key].map((b) => (b > 127 ? b - 256 : b)),
    type: 'TOTP',
  };
  return JSON.stringify({ tokenOrder: [`${issuer}:${label}`], tokens: [token] });
}

let root = document.createElement('div');
beforeAll(() => setTranslator(catalogTranslator('en')));
afterEach(() => {
  render(null, root);
  root.remove();
});

async function showReview(reply: ScanReply, onConfirm: (items: EnrolItem[]) => Promise<void> = async () => {}) {
  root = document.createElement('div');
  document.body.append(root);
  await act(() =>
    render(h(ScanReview, { reply, error: undefined, onConfirm, onBack: () => {}, embedded: true }), root),
  );
}
const radio = (id: string) => root.querySelector<HTMLInputElement>(`#${id}`);

describe('a Google Authenticator export of a 60 s account (its format has no period)', () => {
  const account = stored(totp(1, { period: 60 }));
  async function gaImport(names: { issuer?: string; account?: string } = {}) {
    // What Google Authenticator writes for that key: its format cannot say 60, so the reader makes it 30.
    const { uris } = encodeMigrationUris([totp(1, { period: 30, ...names })], { batchId: 7 });
    return importText('export.txt', uris.join('\n'));
  }

  it('declares what the format carries, so the review knows the period is unknown', async () => {
    const summary = await gaImport();
    expect(summary.format).toBe('google-authenticator');
    expect(summary.items[0]?.carries).toEqual(['algorithm', 'digits', 'counter']);
  });

  it('is the same account: nothing to update, and the 60 s stays', async () => {
    const reply = review(await gaImport(), [account]);
    expect(reply.accounts[0]?.match).toMatchObject({ status: 'same', id: account.id });
    expect(parseOtpauthUri(reply.accounts[0]?.uri ?? '').params).toMatchObject({ kind: 'totp', period: 60 });
  });

  it('with other names, offers only the names and pre-selects Keep; an explicit update keeps 60 s', async () => {
    const reply = review(await gaImport({ account: 'alice@work' }), [account]);
    expect(reply.accounts[0]?.match).toMatchObject({ status: 'changed', paramsChanged: false });
    let saved: EnrolItem[] = [];
    await showReview(reply, async (items) => {
      saved = items;
    });
    expect(radio('scan-0-keep')?.checked).toBe(true);
    expect(radio('scan-0-update')?.checked).toBe(false);
    expect(root.querySelector('[data-codes-change]')).toBeNull();
    await act(() => radio('scan-0-update')?.click());
    await act(() => root.querySelector<HTMLFormElement>('#scan-form')?.requestSubmit());
    expect(saved).toHaveLength(1);
    expect(saved[0]?.replaceId).toBe(account.id);
    expect(parseOtpauthUri(saved[0]?.uri ?? '').params).toMatchObject({ account: 'alice@work', period: 60 });
  });
});

describe('a FreeOTP+ file holding a stored Steam account as a 6-digit TOTP (its format has no Steam type)', () => {
  const steam: OtpParams = { kind: 'steam', secret: secret(2), issuer: 'Steam', account: 'gaben' };
  const account = stored(steam);

  it('stays Steam: the same account, or at most new names, never a TOTP', async () => {
    const same = review(await importText('freeotp.json', freeOtpPlusJson(secret(2), 'Steam', 'gaben')), [account]);
    expect(same.accounts[0]?.match).toMatchObject({ status: 'same', id: account.id });
    const renamed = review(await importText('freeotp.json', freeOtpPlusJson(secret(2), 'Valve', 'gaben')), [account]);
    expect(renamed.accounts[0]?.match).toMatchObject({ status: 'changed', paramsChanged: false });
    expect(parseOtpauthUri(renamed.accounts[0]?.uri ?? '').params.kind).toBe('steam');
    await showReview(renamed);
    expect(radio('scan-0-keep')?.checked).toBe(true);
  });
});

describe('a format that does carry the parameter, with other values', () => {
  const account = stored(totp(3, { period: 30 }));
  const file = formatOtpauthUri(totp(3, { period: 60, digits: 8 }));

  it('marks the row "codes would change", shows both current codes, and pre-selects Keep', async () => {
    const reply = review(await importText('keys.txt', file), [account]);
    const match = reply.accounts[0]?.match;
    expect(match).toMatchObject({ status: 'changed', paramsChanged: true });
    const before = currentCode(account.otp, T).code;
    const after = currentCode(totp(3, { period: 60, digits: 8 }), T).code;
    expect(match?.status === 'changed' && match.codes).toEqual({ before, after });
    expect(after).toHaveLength(8);

    let saved: EnrolItem[] | undefined;
    await showReview(reply, async (items) => {
      saved = items;
    });
    expect(radio('scan-0-keep')?.checked).toBe(true);
    expect(radio('scan-0-update')?.checked).toBe(false);
    const marker = root.querySelector('[data-codes-change] .scan-codes-change')?.textContent ?? '';
    expect(marker).toContain('Codes would change');
    expect(marker).toContain(before);
    expect(marker).toContain(after);
    // Keep is a skip: nothing is saved, so the save button says there is nothing to save.
    expect(root.querySelector<HTMLButtonElement>('#scan-confirm')?.disabled).toBe(true);
    // Changing the codes is still possible, as the user's own choice.
    await act(() => radio('scan-0-update')?.click());
    await act(() => root.querySelector<HTMLFormElement>('#scan-form')?.requestSubmit());
    expect(saved?.[0]?.replaceId).toBe(account.id);
    expect(parseOtpauthUri(saved?.[0]?.uri ?? '').params).toMatchObject({ period: 60, digits: 8 });
  });
});

describe('keyOfUri', () => {
  it('finds the same entry whichever parameters the review put in the URI', () => {
    const a = formatOtpauthUri(totp(4, { period: 30 }));
    const b = formatOtpauthUri(totp(4, { period: 60, account: 'other' }));
    expect(keyOfUri(a)).toBe(keyOfUri(b));
    expect(keyOfUri(a)).not.toBe(keyOfUri(formatOtpauthUri(totp(5))));
  });
});

describe('a QR scan of a key Twofold holds (lib/enrol/review.ts, the same-secret path)', () => {
  const account = stored(totp(6, { period: 60 }));

  it('reads a Google Authenticator export code as the same 60 s account', () => {
    const { uris } = encodeMigrationUris([totp(6)], { batchId: 9 });
    const reply = buildScanReply(interpretScan(uris), 'tab', undefined, [account], {}, T).reply;
    expect(reply.accounts[0]?.match).toMatchObject({ status: 'same', id: account.id });
    expect(parseOtpauthUri(reply.accounts[0]?.uri ?? '').params).toMatchObject({ period: 60 });
  });

  it('marks an otpauth code with other settings as a change of codes, with both codes, and pre-selects Keep', async () => {
    const reply = buildScanReply(
      interpretScan([formatOtpauthUri(totp(6, { period: 30 }))]),
      'tab',
      undefined,
      [account],
      {},
      T,
    ).reply;
    expect(reply.accounts[0]?.match).toMatchObject({
      status: 'changed',
      paramsChanged: true,
      codes: { before: currentCode(account.otp, T).code, after: currentCode(totp(6), T).code },
    });
    await showReview(reply);
    expect(radio('scan-0-keep')?.checked).toBe(true);
  });
});

describe('each importer declares what its format carries', () => {
  it('names only known parameters, and leaves out what the format has no field for', () => {
    for (const importer of IMPORTERS) expect(OTP_PARAM_NAMES).toEqual(expect.arrayContaining([...importer.carries]));
    const carries = (id: string) => IMPORTERS.find((i) => i.id === id)?.carries ?? [];
    expect(carries('google-authenticator')).not.toContain('period');
    expect(carries('google-authenticator')).not.toContain('steam');
    expect(carries('freeotp-plus')).not.toContain('steam');
    expect(carries('totp-authenticator')).not.toContain('algorithm');
    expect(carries('twofold')).toEqual(OTP_PARAM_NAMES);
    expect(carries('aegis')).toEqual(OTP_PARAM_NAMES);
  });
});

describe('a Bitwarden item holding a bare key (no link: only the key is said)', () => {
  it('keeps every parameter of the stored account', async () => {
    const account = stored(totp(8, { period: 60, digits: 8, algorithm: 'SHA256' }));
    const base32 = formatOtpauthUri(totp(8)).match(/secret=([A-Z2-7]+)/)?.[1] ?? '';
    const file = JSON.stringify({
      encrypted: false,
      items: [{ type: 1, name: 'Example', login: { username: 'alice', totp: base32 } }],
    });
    const summary = await importText('bitwarden.json', file);
    expect(summary.format).toBe('bitwarden');
    expect(summary.items[0]?.carries).toEqual([]);
    const reply = review(summary, [account]);
    expect(reply.accounts[0]?.match).toMatchObject({ status: 'same', id: account.id });
  });
});

describe('the import-review request carries the declaration to the background', () => {
  it('accepts the parameters a format carries and refuses anything else', () => {
    const item = { uri: formatOtpauthUri(totp(9)), warnings: [], carries: ['algorithm', 'digits', 'counter'] };
    expect(parseRequest({ type: 'import-review', items: [item] })).toEqual({ type: 'import-review', items: [item] });
    expect(() => parseRequest({ type: 'import-review', items: [{ ...item, carries: ['colour'] }] })).toThrow(/carries/);
  });
});

describe('an HOTP key whose counter moved on in the other app', () => {
  it('is no change of codes, and an explicit update keeps the counter that is ahead', () => {
    const hotp = (counter: bigint, account = 'alice'): OtpParams => ({
      kind: 'hotp',
      secret: secret(10),
      issuer: 'Bank',
      account,
      algorithm: 'SHA1',
      digits: 6,
      counter,
    });
    const account = stored(hotp(5n));
    const { uris } = encodeMigrationUris([hotp(9n, 'alice@bank')], { batchId: 11 });
    const reply = buildScanReply(interpretScan(uris), 'tab', undefined, [account], {}, T).reply;
    expect(reply.accounts[0]?.match).toMatchObject({ status: 'changed', paramsChanged: false });
    expect(parseOtpauthUri(reply.accounts[0]?.uri ?? '').params).toMatchObject({ kind: 'hotp', counter: 9n });
  });
});
