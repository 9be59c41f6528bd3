import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitRunTogether, uriLines } from '../../../lib/import/otpauth-lines';
import { importFile } from '../../../lib/import/registry';
import { type ImportReply, runImport } from '../../../lib/import/run';
import { encodeMigrationUris } from '../../../lib/otp/migration';
import type { OtpParams } from '../../../lib/otp/types';
import { english } from './other-formats';

const bytes = (s: string) => new TextEncoder().encode(s);
const totp = (issuer: string, secret: string): OtpParams => ({
  kind: 'totp',
  secret: bytes(secret),
  issuer,
  account: 'me',
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
});

describe('otpauth link lists and Google Authenticator export text', () => {
  it('imports each line; a line that is not a link, or a broken link, is listed by its line number', async () => {
    const text = [
      'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub',
      '',
      '# exported by some app',
      'otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&counter=7',
      'otpauth://totp/Broken?secret=',
      'steam://JBSWY3DPEHPK3PXP',
      'hello',
    ].join('\r\n');
    const r = await importFile('list.txt', bytes(text));
    expect(r.format).toBe('uri-list');
    expect(r.entries.map((e) => [e.params.kind, e.params.issuer])).toEqual([
      ['totp', 'GitHub'],
      ['hotp', 'Bank'],
      ['steam', 'Steam'],
    ]);
    expect(r.entries[1]?.params).toMatchObject({ counter: 7n });
    expect(r.problems.map((p) => p.label.english)).toEqual(['Broken', 'Line 7']);
    expect(r.problems[0]?.message.english).toMatch(/^Line 5: /);
    expect(r.problems[1]?.message.english).toBe('Line 7 is not an otpauth:// link.');
  });

  it('splits a line where links ran together, and warns that each link before the last may be cut short', async () => {
    // OTPClient 3.1.4 writes too few bytes of a non-ASCII link (tests/fixtures/import/otpclient/SOURCE.md): its
    // newline is lost, so the next link starts on the same line, at a literal scheme no valid link holds there.
    const file = readFileSync('tests/fixtures/import/otpclient/unicode-freeotpplus-uris.txt');
    const r = await importFile('unicode-freeotpplus-uris.txt', new Uint8Array(file));
    expect(r.format).toBe('uri-list');
    expect(r.entries.map((e) => e.params.issuer)).toEqual(['Société Générale', '銀行', 'After']);
    expect(r.problems).toEqual([]);
    expect(r.entries.map((e) => e.warnings.map((w) => w.english))).toEqual([
      ['Line 1 holds several links run together: this one (1 of 3) may have lost its end. Check its code.'],
      ['Line 1 holds several links run together: this one (2 of 3) may have lost its end. Check its code.'],
      [],
    ]);
    const text = [
      'otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP&issuer=Aotpauth://totp/B:b?secret=&issuer=B',
      'otpauth://totp/C:c?secret=GEZDGNBVGY3TQOJQ&issuer=C&image=otpauth%3A%2F%2Fx',
    ].join('\n');
    const mixed = await importFile('list.txt', bytes(text));
    // The broken second link of line 1 is listed, never dropped; a percent-encoded scheme is not a link start.
    expect(mixed.entries.map((e) => e.params.issuer)).toEqual(['A', 'C']);
    expect(mixed.problems.map((p) => [p.label.english, p.message.english.slice(0, 8)])).toEqual([
      ['B (b)', 'Line 1: '],
    ]);
  });

  it('cuts a line only at literal link starts: run-together links come back as they were, encoded ones stay', () => {
    const link = fc
      .tuple(fc.constantFrom('otpauth://totp/', 'otpauth://hotp/', 'otpauth-migration://offline?data='), fc.string())
      .map(([head, rest]) => head + encodeURIComponent(rest));
    fc.assert(
      fc.property(fc.array(link, { minLength: 1, maxLength: 5 }), (links) => {
        expect(splitRunTogether(links.join(''))).toEqual(links);
        const items = uriLines(links.join('\n'));
        expect(items.map((i) => i.text)).toEqual(links);
        expect(items.every((i) => i.part === undefined)).toBe(true);
      }),
      { numRuns: 200 },
    );
    // A comment or sentence that holds links is never cut into entries.
    expect(splitRunTogether('# otpauth://totp/a?secret=A otpauth://totp/b?secret=B')).toHaveLength(1);
    expect(splitRunTogether('QR-Code:otpauth://totp/a?secret=Aotpauth://totp/b?secret=B')).toEqual([
      'QR-Code:otpauth://totp/a?secret=A',
      'otpauth://totp/b?secret=B',
    ]);
  });

  it('says which QR codes of a multi-code Google Authenticator export are missing', async () => {
    const accounts = Array.from({ length: 25 }, (_, i) => totp(`Site ${i}`, `secret-number-${i}-xyz`));
    const { uris } = encodeMigrationUris(accounts, { batchId: -123, perQr: 10 });
    expect(uris).toHaveLength(3);
    const r = await importFile('ga.txt', bytes(`${uris[0]}\n${uris[2]}\n`));
    expect(r.format).toBe('google-authenticator');
    expect(r.entries).toHaveLength(15);
    expect(english(r.notices)).toEqual([
      'This Google Authenticator export is incomplete: 2 of 3 codes scanned; still to scan: 2. Import the other codes too.',
    ]);
    const all = await importFile('ga.txt', bytes(uris.join('\n')));
    expect(all.entries).toHaveLength(25);
    expect(all.notices).toEqual([]);
  });

  it('refuses prose that only mentions a link, and empty or unknown files, with what Twofold reads', async () => {
    const prose = 'Dear user,\nyour key is below.\nKeep it safe.\notpauth://totp/x?secret=JBSWY3DPEHPK3PXP\n';
    await expect(importFile('mail.txt', bytes(prose))).rejects.toMatchObject({
      code: 'unknown-format',
      message: expect.stringMatching(
        /^Twofold does not recognise this file \(a text file\)\. It reads exports from .*Aegis/,
      ),
    });
    await expect(importFile('x.bin', new Uint8Array())).rejects.toMatchObject({ code: 'unknown-format' });
    await expect(importFile('big.txt', new Uint8Array(33 * 2 ** 20))).rejects.toMatchObject({ code: 'too-large' });
  });
});

describe('runImport (what the options page worker does)', () => {
  async function run(name: string, text: string, extra: { password?: string; detectOnly?: boolean } = {}) {
    const replies: ImportReply[] = [];
    await runImport({ name, bytes: bytes(text), ...extra }, (r) => replies.push(r));
    return replies;
  }

  it('detects without reading, then returns canonical URIs and lists repeated keys', async () => {
    const text = [
      'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub',
      'otpauth://totp/GitHub%20copy:alice?secret=JBSWY3DPEHPK3PXP',
    ].join('\n');
    expect(english(await run('a.txt', text, { detectOnly: true }))).toEqual([
      { kind: 'detected', summary: { format: 'uri-list', formatName: 'otpauth link list', encrypted: false } },
    ]);
    const [done] = await run('a.txt', text);
    expect(done?.kind).toBe('done');
    if (done?.kind !== 'done') return;
    expect(done.summary.items.map((i) => i.uri)).toEqual([
      'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&algorithm=SHA1&digits=6&period=30',
    ]);
    expect(english(done.summary.problems)).toEqual([
      'GitHub copy (alice): the same key as GitHub (alice) earlier in the file; imported once.',
    ]);
  });

  it('turns every failure into a coded reply, never a thrown error', async () => {
    const [failed] = await run('x.json', '{"nothing": true}');
    expect(failed).toEqual({
      kind: 'failed',
      code: 'unknown-format',
      message: expect.stringContaining('a JSON file'),
      text: expect.objectContaining({ key: 'import_unknown_json' }),
    });
    // The reply survives structured cloning (postMessage) with its words: a Text is a plain object.
    const cloned = structuredClone(failed);
    expect(cloned).toEqual(failed);
    if (failed?.kind === 'failed') expect(failed.text.english).toBe(failed.message);
  });
});
