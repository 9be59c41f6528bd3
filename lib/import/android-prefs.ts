import { XMLValidator } from 'fast-xml-parser';
import en from '../../locales/en/importandroid.json';
import { untrustedXmlParser } from '../encoding/untrusted-xml';
import type { Text } from '../i18n/text';
import { textsOf } from '../i18n/text';
import { MAX_ENTRIES } from '../limits';
import { ImportError, type SniffedFile } from './types';

/*
 * Android's SharedPreferences files (the `shared_prefs/*.xml` an app keeps its settings in, copied off a rooted
 * phone): a `<map>` of typed values, written by AOSP's XmlUtils.writeMapXml (frameworks/base
 * core/java/com/android/internal/util/XmlUtils.java): `<string name="k">text</string>`, `<int name="k" value="1"/>`,
 * `<long>`, `<float>`, `<boolean>`, `<null name="k"/>` and `<set name="k"><string>…</string></set>`. Several
 * authenticators keep their tokens there (docs/import-formats.md "Android app data"): the values are read here
 * once, safely, and each app's module picks its keys.
 *
 * Safety. Android's writer never emits a document type declaration, so a file with one is refused before parsing:
 * no external entities and no entity expansion ("billion laughs") can exist. fast-xml-parser's own entity handling
 * is off; the five predefined entities and numeric character references, all XmlUtils writes, are decoded here,
 * and any other `&name;` is a damaged file (Android's parser refuses it too). Nesting is capped by the parser, the
 * file size by lib/limits.ts MAX_FILE_BYTES (before anything is read), and the number of values below.
 */

export const androidText = textsOf(en);
const text = androidText;

/** One value of the map, by its element name. Numbers stay text: a `long` can exceed 2^53. */
export type PrefValue =
  | { type: 'string'; value: string }
  | { type: 'int' | 'long' | 'float' | 'boolean'; value: string }
  | { type: 'set'; value: string[] }
  | { type: 'null' };

/** The values in document order (a name written twice keeps its last value, as Android does). */
export type AndroidPrefs = Map<string, PrefValue>;

/** Values in one file: a token per account (lib/limits.ts MAX_ENTRIES) and the app's own settings. */
export const MAX_PREFS = MAX_ENTRIES + 1000;
/** Tags in one file, counted before parsing: a value is at most two, a set's strings two each. */
export const MAX_TAGS = 4 * MAX_PREFS;
/** Attributes of one element: Android writes `name` and `value`, nothing else. */
const MAX_ATTRIBUTES = 4;
const MAX_NESTING = 8;

// `<?xml …?>`, comments and whitespace, then the root element `<map>`: what every shared_prefs file starts with. A
// document type declaration is let through here only so that reading refuses it by name. Each part can match in one
// way only (a comment's body cannot contain "-->", an internal subset cannot contain "]"): with `[\s\S]*?` there, a
// text of 25 empty comments took 9 s to be told apart, on every text file any import looked at.
const PREFS_START =
  /^\uFEFF?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--(?:[^-]|-(?!->))*-->\s*|<!DOCTYPE\s+map\b[^[>]*(?:\[[^\]]*\])?\s*>\s*)*<map[\s/>]/;

/** True for text that starts like a shared_prefs document; cheap, no parsing. */
export function looksLikeAndroidPrefs(file: SniffedFile): boolean {
  return file.text !== undefined && file.json === undefined && PREFS_START.test(file.text.slice(0, 4096));
}

/** What to choose instead, for a shared_prefs file no importer claimed (lib/import/registry.ts). */
export function androidPrefsHint(file: SniffedFile): Text | undefined {
  return looksLikeAndroidPrefs(file) ? text('importandroid_unknown_prefs') : undefined;
}

/** True when the document names `key` (in a `name` attribute), without parsing it. */
export function namesKey(file: SniffedFile, key: string | RegExp): boolean {
  if (!looksLikeAndroidPrefs(file)) return false;
  const source = typeof key === 'string' ? key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : key.source;
  return new RegExp(`<[a-z]+\\s+name\\s*=\\s*["'](?:${source})["']`).test(file.text ?? '');
}

const PREDEFINED: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" }; // i18n-ignore: XML's entities

/** Decodes XML's predefined entities and character references; anything else is a damaged file. */
export function decodeXmlText(value: string, what: Text): string {
  let at = value.indexOf('&');
  if (at < 0) return value;
  // A loop rather than a replace callback: a value of a million entities decodes in milliseconds, not seconds.
  const parts: string[] = [];
  let from = 0;
  while (at >= 0) {
    const semi = value.indexOf(';', at);
    if (semi < 0 || semi - at > 12) throw damaged(what, text('importandroid_xml_bare_ampersand'));
    parts.push(value.slice(from, at), entity(value.slice(at + 1, semi), what));
    from = semi + 1;
    at = value.indexOf('&', from);
  }
  parts.push(value.slice(from));
  return parts.join('');
}

function entity(name: string, what: Text): string {
  const predefined = PREDEFINED[name];
  if (predefined !== undefined && Object.hasOwn(PREDEFINED, name)) return predefined;
  const code = /^#x[0-9a-fA-F]{1,6}$/.test(name)
    ? Number.parseInt(name.slice(2), 16)
    : /^#[0-9]{1,7}$/.test(name)
      ? Number(name.slice(1))
      : undefined;
  if (code === undefined) {
    if (/[\s&<]/.test(name)) throw damaged(what, text('importandroid_xml_bare_ampersand'));
    throw damaged(what, text('importandroid_xml_unknown_entity', `&${name};`));
  }
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
    throw damaged(what, text('importandroid_xml_bad_char', `&${name};`));
  return String.fromCodePoint(code);
}

function damaged(what: Text, why: Text): ImportError {
  return new ImportError('damaged', text('importandroid_xml_damaged', what, why));
}

type Node = Record<string, unknown>;

// Text values are taken whole (entities are decoded below): parsing them character by character took seconds for a
// value of a few MiB.
const parser = untrustedXmlParser(MAX_NESTING, ['map.string', 'map.set.string']);

/**
 * Counts tags and each tag's attributes in one pass before the XML is validated or parsed, whose costs grow with
 * both (20 000 attributes on one element took seconds): a crafted file is refused here, cheaply.
 */
function checkShape(xml: string, what: Text): void {
  const LT = 60; // <
  const GT = 62; // >
  const EQ = 61; // =
  let tags = 0;
  let attributes = 0;
  let inTag = false;
  for (let i = 0; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (c === LT) {
      if (++tags > MAX_TAGS) throw damaged(what, text('importandroid_xml_many_values', MAX_PREFS));
      inTag = true;
      attributes = 0;
    } else if (c === GT) inTag = false;
    else if (c === EQ && inTag && ++attributes > MAX_ATTRIBUTES)
      throw damaged(what, text('importandroid_xml_many_attributes'));
  }
}

/** The element name of a preserveOrder node (its one key that is not `:@` or `#text`). */
function tagOf(node: Node): string | undefined {
  return Object.keys(node).find((k) => k !== ':@' && k !== '#text');
}

function attrs(node: Node): Record<string, unknown> {
  const a = node[':@'];
  return typeof a === 'object' && a !== null ? (a as Record<string, unknown>) : {};
}

/** The text inside an element: its text children joined (Android writes one). */
function innerText(children: unknown, what: Text): string {
  if (!Array.isArray(children)) return '';
  let out = '';
  for (const child of children as Node[]) {
    const t = child['#text'];
    if (typeof t === 'string' || typeof t === 'number') out += String(t);
    else if (tagOf(child) !== undefined) throw damaged(what, text('importandroid_xml_nested'));
  }
  // A string is a stop node: an element inside it arrives as raw text.
  if (out.includes('<')) throw damaged(what, text('importandroid_xml_nested'));
  return decodeXmlText(out, what);
}

/**
 * Reads a shared_prefs document. Throws `damaged` naming `what` ("Authy's token file") for malformed XML, a
 * document type declaration, an unknown entity, a root other than `<map>` or a value without a name.
 */
export function readAndroidPrefs(file: SniffedFile, what: Text): AndroidPrefs {
  const xml = file.text;
  if (xml === undefined || !looksLikeAndroidPrefs(file)) throw damaged(what, text('importandroid_xml_not_map'));
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw damaged(what, text('importandroid_xml_doctype'));
  checkShape(xml, what);
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw damaged(what, text('importandroid_xml_malformed', valid.err.line, valid.err.col, valid.err.msg));
  let doc: Node[];
  try {
    doc = parser.parse(xml) as Node[];
  } catch (e) {
    throw damaged(what, text('importandroid_xml_malformed', 0, 0, String((e as Error)?.message ?? e)));
  }
  const roots = doc.filter((n) => tagOf(n) !== undefined);
  const root = roots[0];
  if (roots.length !== 1 || root === undefined || tagOf(root) !== 'map')
    throw damaged(what, text('importandroid_xml_not_map'));
  const children = (root.map as Node[]).filter((n) => tagOf(n) !== undefined);
  if (children.length > MAX_PREFS) throw damaged(what, text('importandroid_xml_many_values', MAX_PREFS));
  const prefs: AndroidPrefs = new Map();
  for (const child of children) {
    const tag = tagOf(child) as string;
    const a = attrs(child);
    if (typeof a.name !== 'string') throw damaged(what, text('importandroid_xml_no_name', tag));
    const name = decodeXmlText(a.name, what);
    const value = prefValue(tag, child, a, what);
    prefs.delete(name);
    prefs.set(name, value);
  }
  return prefs;
}

function prefValue(tag: string, node: Node, a: Record<string, unknown>, what: Text): PrefValue {
  switch (tag) {
    case 'string':
      return { type: 'string', value: innerText(node[tag], what) };
    case 'int':
    case 'long':
    case 'float':
    case 'boolean':
      if (typeof a.value !== 'string') throw damaged(what, text('importandroid_xml_no_value', tag));
      return { type: tag, value: decodeXmlText(a.value, what) };
    case 'set': {
      const items = Array.isArray(node[tag]) ? (node[tag] as Node[]).filter((n) => tagOf(n) !== undefined) : [];
      return { type: 'set', value: items.map((n) => innerText(n[tagOf(n) as string], what)) };
    }
    case 'null':
      return { type: 'null' };
    default:
      throw damaged(what, text('importandroid_xml_unknown_element', tag));
  }
}

/** The string value of `name`, or undefined when the map has no such string. */
export function prefString(prefs: AndroidPrefs, name: string): string | undefined {
  const v = prefs.get(name);
  return v?.type === 'string' ? v.value : undefined;
}
