import { checkEntryCount } from '../../limits';
import { CARRIES_ALL } from '../../otp/carried';
import { linesText } from '../lines-text';
import { splitRunTogether } from '../otpauth-lines';
import type { Detection, Importer, SniffedFile } from '../types';
import { type Row, readRows } from './uri-list';

/*
 * A web page that lists otpauth links (docs/import-formats.md "Key URI lists"): Stratum's HTML backup is a table
 * with one row per account, its link as the text of a <code> cell beside a QR picture (stratumauth/app,
 * Stratum.Core/src/Backup/HtmlBackup.cs at commit 2306d75ad15badd220e5a1ce9b93a8e64e76318c; Stratum reads it back
 * from the text of every <code> element, Stratum.Core/src/Converter/HtmlBackupConverter.cs). Other tools write the
 * link as an element's text or as an attribute (href="otpauth://…", with `&` written `&amp;`). The links are read
 * as a link list, with the page's own line numbers.
 *
 * A page that merely mentions a link is not an export: a link counts as listed only when it is the whole text of an
 * element (after trimming) or the whole value of an attribute; the page is claimed when it has a link as an
 * element's text, or at least two different links as attributes. A link inside a sentence is read too on a claimed
 * page (never dropped), but never makes a page claimed.
 */

const HTML_START = /^<(?:!doctype\s+html|html|head|body)\b/i;

/**
 * Whether the text starts as an HTML document, after blanks and comments. Skipped with indexOf, not one regular
 * expression: a lazy comment group repeated before the start tag backtracks exponentially on `<!-- -->` × 30.
 */
function startsAsHtml(text: string): boolean {
  let at = 0;
  for (;;) {
    while (at < text.length && /\s/.test(text[at] ?? '')) at++;
    if (!text.startsWith('<!--', at)) break;
    const end = text.indexOf('-->', at + 4);
    if (end < 0) return false;
    at = end + 3;
  }
  return HTML_START.test(text.slice(at, at + 20));
}
/** Where a link starts: the schemes a link list reads (uri-list.ts). */
const LINK_AT = /(?:otpauth|otpauth-migration|steam):\/\//i;
const LINK_START = /^(?:otpauth|otpauth-migration|steam):\/\//i;
/** Content that is not text of the page: comments, scripts and styles (kept as blanks so line numbers stay right). */
const NOT_TEXT = /<!--[\s\S]*?(?:-->|$)|<script\b[\s\S]*?(?:<\/script\s*>|$)|<style\b[\s\S]*?(?:<\/style\s*>|$)/gi;
const TOKEN = /<[^>]*>?|[^<]+/g;
// A name is tried only where one can begin (after a blank, a quote or a slash): trying it inside a long run of name
// characters as well would make a huge tag quadratic.
const ATTRIBUTE = /(?<=[\s"'/])([^\s"'<>/=]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/g;

/*
 * Character references (HTML Living Standard §13.5): only the forms with their semicolon. A raw link's query such as
 * `&issuer=` in a cell's text (Stratum writes the link unescaped) is left as it is.
 */
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
function decodeEntities(value: string): string {
  return value.replace(/&(#[0-9]{1,7}|#x[0-9a-f]{1,6}|[a-z]+);/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

interface PageLinks {
  rows: Row[];
  /** Links that are the whole text of an element. */
  textSlots: number;
  /** Different links that are the whole value of an attribute. */
  attributeLinks: number;
}

/** The links of a page in their order, each once (a link is often both an href and the text shown). */
function pageLinks(html: string): PageLinks {
  const page = html.replace(NOT_TEXT, (m) => m.replace(/[^\n]/g, ' '));
  const rows: Row[] = [];
  const seen = new Set<string>();
  const attributeLinks = new Set<string>();
  let textSlots = 0;
  let line = 1;
  let counted = 0;
  const add = (link: string, at: number) => {
    for (let i = page.indexOf('\n', counted); i >= 0 && i < at; i = page.indexOf('\n', i + 1)) line++;
    counted = Math.max(counted, at);
    const parts = splitRunTogether(link);
    for (const [n, part] of parts.entries()) {
      if (seen.has(part)) continue;
      seen.add(part);
      rows.push(parts.length === 1 ? { line, text: part } : { line, text: part, part: { n: n + 1, of: parts.length } });
      // More links than one review takes: refused before any is read (lib/limits.ts).
      checkEntryCount(rows.length);
    }
  };
  for (const token of page.matchAll(TOKEN)) {
    const raw = token[0];
    const at = token.index;
    if (raw.startsWith('<')) {
      for (const attr of raw.matchAll(ATTRIBUTE)) {
        const value = decodeEntities(attr[2] ?? attr[3] ?? attr[4] ?? '').trim();
        if (!LINK_START.test(value)) continue;
        attributeLinks.add(value);
        add(value, at);
      }
      continue;
    }
    const text = decodeEntities(raw).trim();
    const first = text.search(LINK_AT);
    if (first < 0) continue;
    if (first === 0) {
      textSlots++;
      add(text, at);
      continue;
    }
    // A link in a sentence: up to the next space, where prose goes on.
    for (const m of text.matchAll(/(?:otpauth|otpauth-migration|steam):\/\/\S+/gi)) add(m[0], at);
  }
  return { rows, textSlots, attributeLinks: attributeLinks.size };
}

function claimed(file: SniffedFile): Row[] | false {
  if (file.text === undefined || file.json !== undefined || !startsAsHtml(file.text)) return false;
  const { rows, textSlots, attributeLinks } = pageLinks(file.text);
  return textSlots > 0 || attributeLinks >= 2 ? rows : false;
}

export const htmlLinksImporter: Importer = {
  id: 'html-links',
  app: linesText('importlines_app_html'),
  carries: CARRIES_ALL,
  detect(file): Detection | false {
    return claimed(file) ? { encrypted: false } : false;
  },
  async read(file) {
    return readRows(claimed(file) || []);
  },
};
