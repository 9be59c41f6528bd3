/*
 * Recovery codes a site shows once, right after two-factor sign-in is turned on
 * (docs/detection.md "Recovery codes a site shows"): a list of short random codes next to words such as "recovery
 * codes", "backup tokens", "scratch codes" or "emergency codes" (the detector's phrase tables, keywords.ts, in every
 * language it knows). Shapes seen in real products:
 * - an <ul>/<ol> with one code per item (django-two-factor-auth's backup_tokens.html: "Backup Tokens", 8-character
 *   tokens in <li>; GitHub and the test site: codes in <li><code>);
 * - a <pre> or read-only <textarea> with one code per line (Rodauth's add-recovery-codes.str: <pre id="recovery-codes">
 *   with codes separated by blank lines; django-two-factor-auth forks: <textarea id="list-backup-tokens">);
 * - a table, or a row of <code>/<kbd> elements.
 * Pure: DOM nodes in, codes out; visibility is the caller's (DetectOptions.isVisible).
 */
import { RECOVERY, RECOVERY_PREFIXES } from './attribute-words';
import { normalizeAttr, normalizeText } from './normalize';
import { scanText } from './phrases';

export interface RecoveryList {
  /** The element that holds the codes: the offer to save them is placed beside it. */
  anchor: Element;
  /** The codes as shown (trimmed, inner white space as one space), in page order, without duplicates. */
  codes: string[];
}

/** A list needs at least this many codes (sites hand out 5 to 16) and at most this many. */
export const MIN_CODES = 4;
export const MAX_CODES = 32;
/** A code's letters and digits (separators not counted): 6 (short numeric codes) to 48 (long base64 ones). */
const MIN_LENGTH = 6;
const MAX_LENGTH = 48;
/** Letters, digits and the separators codes are grouped with ("kq7m-x2pd", "1234 5678", base64url "_"). */
const CODE_SHAPE = /^[A-Za-z0-9_]+(?:[- ][A-Za-z0-9_]+){0,5}$/;
/** How much text before the list is read for the words ("Save these recovery codes"), and how far up. */
const CONTEXT_CHARS = 1200;
const CONTEXT_LEVELS = 4;
/** Containers looked at; more than this on one page and the rest are ignored (a cost cap). */
const CONTAINERS = 'ul, ol, pre, textarea, table';
const MAX_CONTAINERS = 200;

const compact = (s: string) => s.replace(/[- ]/g, '');

/** The candidate codes a container shows, or undefined if it is not a list of codes. */
function itemsOf(el: Element): string[] | undefined {
  const tag = el.tagName.toLowerCase();
  let raw: string[];
  if (tag === 'ul' || tag === 'ol')
    raw = [...el.children].filter((c) => c.tagName === 'LI').map((c) => c.textContent ?? '');
  else if (tag === 'table') raw = [...el.querySelectorAll('td')].map((c) => c.textContent ?? '');
  else if (tag === 'textarea') raw = ((el as HTMLTextAreaElement).value ?? el.textContent ?? '').split('\n');
  else if (tag === 'pre') raw = (el.textContent ?? '').split('\n');
  else raw = [...el.children].map((c) => c.textContent ?? '');
  // A <pre> or <td> may hold several codes on one line, separated by wide gaps ("abcd-1234    efgh-5678").
  const items = raw
    .flatMap((t) => t.split(/\s{2,}|\t/))
    .map((t) => t.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
  return looksLikeCodes(items) ? [...new Set(items)] : undefined;
}

/** Whether `items` look like one set of recovery codes: same shape, similar length, mostly with digits. */
export function looksLikeCodes(items: readonly string[]): boolean {
  if (items.length < MIN_CODES || items.length > MAX_CODES) return false;
  let withDigit = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const item of items) {
    if (!CODE_SHAPE.test(item)) return false;
    const n = compact(item).length;
    if (n < MIN_LENGTH || n > MAX_LENGTH) return false;
    min = Math.min(min, n);
    max = Math.max(max, n);
    if (/\d/.test(item)) withDigit++;
  }
  // Codes of one set have one length (a site draws them alike); words of a menu or a table of dates do not.
  if (max - min > 2) return false;
  // Random codes nearly always hold a digit; a list of plain words ("Settings", "Security") does not.
  return withDigit * 2 >= items.length;
}

/** Whether an attribute (id, class, name) names recovery codes: "recovery-codes", "list-backup-tokens". */
function attributeSaysRecovery(el: Element): boolean {
  const words = normalizeAttr(`${el.id} ${el.getAttribute('class') ?? ''}`).split('_');
  return words.some((w) => RECOVERY.has(w) || RECOVERY_PREFIXES.some((p) => w.startsWith(p)));
}

const HEADING = 'h1, h2, h3, h4, h5, h6, legend, [role=heading]';

/** An element's text without its links' (links offer other methods: "Use a recovery code" on a sign-in page). */
function textWithoutLinks(el: Element): string {
  let t = (el.textContent ?? '').slice(0, CONTEXT_CHARS);
  if (el.tagName === 'A') return '';
  for (const a of el.querySelectorAll('a')) t = t.replace(a.textContent ?? '', ' ');
  return t;
}

/**
 * The text just before `el` in its section: its earlier siblings', then its ancestors' earlier siblings', back to
 * and including the nearest heading, up to a cap. A list under another heading ("Order numbers") is not
 * described by the words of an earlier section.
 */
function textBefore(el: Element): string {
  const parts: string[] = [];
  let length = 0;
  let node: Element | null = el;
  for (let level = 0; node && level < CONTEXT_LEVELS && length < CONTEXT_CHARS; level++) {
    for (let sib = node.previousElementSibling; sib && length < CONTEXT_CHARS; sib = sib.previousElementSibling) {
      const t = textWithoutLinks(sib);
      parts.push(t);
      length += t.length;
      if (sib.matches(HEADING) || sib.querySelector(HEADING)) return parts.reverse().join(' ');
    }
    node = node.parentElement;
    if (node?.matches(HEADING)) break;
  }
  return parts.reverse().join(' ');
}

/** Whether the words near the list (or its own attributes) speak of recovery codes, in any language the detector knows. */
function nearRecoveryWords(el: Element): boolean {
  for (let a: Element | null = el; a && a !== el.ownerDocument.body; a = a.parentElement) {
    if (attributeSaysRecovery(a)) return true;
  }
  const text = normalizeText(`${textBefore(el)} ${el.getAttribute('aria-label') ?? ''}`);
  return scanText(text).has('recovery');
}

/**
 * Lists of recovery codes in `root`, outermost first; a list inside another found list is not reported twice.
 * `isVisible` leaves out lists a person cannot see (a closed <details>, a hidden pane).
 */
export function findRecoveryLists(
  root: Document | Element,
  isVisible: (el: Element) => boolean = () => true,
): RecoveryList[] {
  const found: RecoveryList[] = [];
  const containers = [...root.querySelectorAll(CONTAINERS)].slice(0, MAX_CONTAINERS);
  for (const el of containers) {
    if (found.some((f) => f.anchor.contains(el))) continue;
    const codes = itemsOf(el);
    if (!codes || !nearRecoveryWords(el) || !isVisible(el)) continue;
    found.push({ anchor: el, codes });
  }
  return found;
}
