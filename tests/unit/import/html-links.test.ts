import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlLinksImporter } from '../../../lib/import/formats/html-links';
import { detectFormat, importFile } from '../../../lib/import/registry';
import { sniffFile } from '../../../lib/import/sniff';
import type { OtpParams } from '../../../lib/otp/types';
import { english, expectRejectsOthers, failure, fixtureFile, hex, mutate, read, survives, text } from './other-formats';

// Fixture: tests/fixtures/import/html-links/make.mjs (SOURCE.md); expected.json was written from the accounts put in.
interface Want {
  type: string;
  issuer: string;
  name: string;
  secret_hex: string;
  algorithm: string;
  digits: number;
  period: number | null;
  counter: number | null;
}
const expected = JSON.parse(
  readFileSync(join(__dirname, '../../fixtures/import/html-links/expected.json'), 'utf8'),
) as { files: { path: string; entries: Want[] }[] };
const wanted = (path: string) => expected.files.find((f) => f.path === path)?.entries ?? [];
const page = (body: string) => sniffFile('page.html', text(`<!doctype html>\n<html><body>\n${body}\n</body></html>\n`));
const link = (issuer: string, secret = 'JBSWY3DPEHPK3PXP') =>
  `otpauth://totp/${issuer}:me?secret=${secret}&issuer=${issuer}`;

/** What an entry must be, in expected.json's terms. */
function shape(p: OtpParams): Want {
  const common = { type: p.kind, issuer: p.issuer, name: p.account, secret_hex: hex(p.secret) };
  if (p.kind === 'steam') return { ...common, algorithm: 'SHA1', digits: 5, period: 30, counter: null };
  return {
    ...common,
    algorithm: p.algorithm,
    digits: p.digits,
    period: p.kind === 'totp' ? p.period : null,
    counter: p.kind === 'hotp' ? Number(p.counter) : null,
  };
}
const strip = ({ type, issuer, name, secret_hex, algorithm, digits, period, counter }: Want): Want => ({
  type,
  issuer,
  name,
  secret_hex,
  algorithm,
  digits,
  period,
  counter,
});

describe('web pages of otpauth links', () => {
  it("reads Stratum's HTML backup: every account, and the Yandex one listed by its page line", async () => {
    const file = fixtureFile('html-links', 'stratum-backup.html');
    const r = await importFile('stratum-backup.html', file.bytes);
    expect(r.format).toBe('html-links');
    const yandexLine = (file.text ?? '').split('\n').findIndex((l) => l.includes('yaotp')) + 1;
    expect(yandexLine).toBeGreaterThan(1);
    expect(r.entries.map((e) => shape(e.params))).toEqual(wanted('stratum-backup.html').map(strip));
    expect(english(r.problems)).toEqual([
      {
        index: 6,
        label: 'Yandex (jane)',
        message: expect.stringMatching(new RegExp(`^Line ${yandexLine}: .*yaotp`)),
        unsupported: true,
      },
    ]);
  });

  it('decodes &amp; in an href, reads a link shown twice once, and never reads a comment', async () => {
    const r = await importFile('anchors.html', fixtureFile('html-links', 'anchors.html').bytes);
    expect(r.format).toBe('html-links');
    expect(r.entries.map((e) => shape(e.params))).toEqual(wanted('anchors.html').map(strip));
    expect(r.problems).toEqual([]);
  });

  it('does not claim a page that mentions a link in a sentence, or offers one link to open', async () => {
    await expect(importFile('prose.html', fixtureFile('html-links', 'prose.html').bytes)).rejects.toMatchObject({
      code: 'unknown-format',
    });
    expect(htmlLinksImporter.detect(page(`<a href="${link('A')}">Add to your app</a>`))).toBe(false);
    expect(htmlLinksImporter.detect(page(`<p>Open ${link('A')} and ${link('B')} now</p>`))).toBe(false);
    expect(htmlLinksImporter.detect(page(`<script>const x = "${link('A')}";</script><code>none</code>`))).toBe(false);
    // A plain link list is not a page: it stays the link list's.
    expect(htmlLinksImporter.detect(sniffFile('l.txt', text(`${link('A')}\n${link('B')}\n`)))).toBe(false);
    expect(detectFormat('l.txt', text(`${link('A')}\n${link('B')}\n`)).format).toBe('uri-list');
    expectRejectsOthers(htmlLinksImporter, []);
    // Two links to open, or one shown as text, are a list of accounts.
    expect(htmlLinksImporter.detect(page(`<a href="${link('A')}">A</a> <a href="${link('B')}">B</a>`))).toEqual({
      encrypted: false,
    });
    expect(htmlLinksImporter.detect(page(`<td>${link('A')}</td>`))).toEqual({ encrypted: false });
  });

  it('splits links run together in one cell, and lists a broken one instead of dropping it', async () => {
    const { entries, problems } = await read(
      htmlLinksImporter,
      page(`<code>${link('A')}${link('B', '')}${link('C', 'GEZDGNBVGY3TQOJQ')}</code>\n<p>Also ${link('D')}</p>`),
    );
    expect(entries.map((e) => e.params.issuer)).toEqual(['A', 'C', 'D']);
    expect(english(entries[0]?.warnings)).toEqual([
      'Line 3 holds several links run together: this one (1 of 3) may have lost its end. Check its code.',
    ]);
    expect(english(problems)).toEqual([
      { index: 1, label: 'B (me)', message: expect.stringMatching(/^Line 3: /), unsupported: false },
    ]);
  });

  it('reads Google Authenticator transfer links on a page too', async () => {
    const uri = readFileSync(join(__dirname, '../../fixtures/import/extract-otp-secrets/input.txt'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith('otpauth-migration://'));
    expect(uri).toBeDefined();
    const { entries } = await read(htmlLinksImporter, page(`<code>${uri?.replace(/&/g, '&amp;')}</code>`));
    expect(entries.length).toBeGreaterThan(0);
  });
});

describe('web pages of otpauth links: fuzz', () => {
  const whole = fixtureFile('html-links', 'stratum-backup.html').bytes;

  it('cut at every 1/16: entries or an ImportError, never another exception', async () => {
    for (let i = 0; i < 16; i++)
      await survives(htmlLinksImporter, sniffFile('b.html', whole.slice(0, Math.floor((whole.length * i) / 16))));
  });

  it('random bytes, random markup and mutated pages: detection never throws, reading throws only ImportError', async () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom('<code>', '</code>', '<a href="', '">', '&amp;', '&#', '<!--', '-->', '<script>', link('X')),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(piece, { maxLength: 30 }),
        fc.array(fc.record({ kind: fc.nat(2), at: fc.nat(), value: fc.nat(255) }), { maxLength: 4 }),
        async (bytes, pieces, edits) => {
          await survives(htmlLinksImporter, sniffFile('x.html', bytes));
          await survives(htmlLinksImporter, page(pieces.join('')));
          await survives(htmlLinksImporter, sniffFile('b.html', mutate(whole, edits)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('many comments before the page, or a huge tag, do not make detection slow (no backtracking regular expression)', () => {
    const comments = '<!-- -->'.repeat(5_000);
    const body = `<code>${link('A')}</code>`;
    expect(htmlLinksImporter.detect(sniffFile('c.html', text(`${comments}x ${body}`)))).toBe(false);
    expect(htmlLinksImporter.detect(sniffFile('c.html', text(`${comments}<html>${body}`)))).toEqual({
      encrypted: false,
    });
    // A tag of a million name characters is read in one pass, not one pass per character.
    const tag = `<html><a ${'a'.repeat(1_000_000)}>`;
    expect(htmlLinksImporter.detect(sniffFile('t.html', text(`${tag}${body}`)))).toEqual({ encrypted: false });
  });

  it('a page of more links than one review takes is refused; a long name is kept, a link past the cap listed', async () => {
    const many = Array.from({ length: 10_001 }, (_, i) => `<code>${link(`S${i}`)}</code>`).join('\n');
    expect((await failure(importFile('many.html', page(many).bytes))).code).toBe('too-many-entries');
    const long = 'é'.repeat(1_000);
    const huge = 'x'.repeat(20_000);
    const { entries, problems } = await read(
      htmlLinksImporter,
      page(`<code>${link(encodeURIComponent(long))}</code>\n<code>${link(huge)}</code>`),
    );
    expect(entries.map((e) => e.params.issuer)).toEqual([long]);
    // A link longer than the URI parser takes (lib/otp/uri-parts.ts MAX_URI_LENGTH) is listed, not dropped.
    expect(problems).toHaveLength(1);
  });
});
