/*
 * The comparison behind `npm run eval:import -- DIR` (scripts/eval-import.ts), kept apart so the unit
 * tests can run it on a small corpus of our own. Corpus layout: DIR/expected.json and/or every
 * DIR/<folder>/expected.json (docs/import-export.md "Evaluation": files[] with path, password, entries[],
 * expect_error, wrong_password_must_fail, also_acceptable, unchecked_fields, optional, heavy, siblings), entries
 * matched by secret bytes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { decodeBase32 } from '../lib/encoding/base32';
import { decodePictures, importPictures } from '../lib/import/pictures';
import { detectFormat, readDetected } from '../lib/import/registry';
import { sniffFile } from '../lib/import/sniff';
import { ImportError, type ImportedEntry, type ImportResult } from '../lib/import/types';
import { currentCode } from '../lib/otp/code';
import { hotp } from '../lib/otp/hotp';
import { imageFormat } from '../lib/qr/image-format';
import { nodeQrReader } from './node-qr-decoder';
import { nodeSqliteLoader } from './node-sqlite-loader';

export interface ExpectedEntry {
  type: string;
  issuer: string;
  name: string;
  secret: string;
  secret_hex?: string;
  algorithm: string;
  digits: number;
  period: number | null;
  counter: number | null;
  code?: string;
  optional?: boolean;
}

export interface ExpectedFile {
  path: string;
  app?: string;
  password?: string | null;
  entries: ExpectedEntry[];
  expect_error?: string;
  wrong_password_must_fail?: string;
  also_acceptable?: Record<string, string>;
  unchecked_fields?: Record<string, string[]>;
  optional?: boolean;
  heavy?: boolean;
  /** Files chosen together with `path` (relative to the record's folder): ReadOptions.siblings, or more pictures. */
  siblings?: string[];
}

export interface Corpus {
  check_time_unix: number;
  files: ExpectedFile[];
}

export type FileStatus = 'exact' | 'partial' | 'failed' | 'refused' | 'not-refused' | 'skipped';

export interface FileReport {
  path: string;
  status: FileStatus;
  line: string;
  expected: number;
  matched: number;
  codeOk: number;
}

export interface ImportSummary {
  files: { of: number; exact: number; partial: number; failed: number };
  entries: { of: number; matched: number; code_ok: number };
  expect_error: { of: number; refused: number };
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

function secretHex(e: ExpectedEntry): string {
  return (e.secret_hex ?? hex(decodeBase32(e.secret))).toLowerCase();
}

function kindOf(e: ImportedEntry): string {
  return e.params.kind;
}

/** Differences between an imported entry and the expectation, after the record's allowances. */
export function fieldMismatches(got: ImportedEntry, want: ExpectedEntry, record: ExpectedFile): string[] {
  const unchecked = new Set(record.unchecked_fields?.[want.name] ?? []);
  const also = record.also_acceptable ?? {};
  const p = got.params;
  const out: string[] = [];
  if (kindOf(got) !== want.type) out.push(`type ${kindOf(got)} ≠ ${want.type}`);
  // also_acceptable.name also allows the Key URI label rule on a name without an issuer: "Acme: alice" with no
  // issuer read as issuer "Acme", account "alice" (docs/otpauth-policy.md; Aegis does the same for Google's export).
  const colon = (x: string) => x.replace(/:\s+/, ':');
  const splitName =
    'name' in also && want.issuer === '' && p.issuer !== '' && colon(want.name) === `${p.issuer}:${p.account}`;
  if (!unchecked.has('issuer') && p.issuer !== want.issuer && !splitName)
    out.push(`issuer “${p.issuer}” ≠ “${want.issuer}”`);
  if (!unchecked.has('name') && p.account !== want.name && !splitName) {
    // also_acceptable.name: an empty name (colon-less label read as issuer), or the name without a
    // leading "<issuer>:" (Google Authenticator's doubled issuer).
    const alt =
      'name' in also &&
      (p.account === '' || want.name === `${want.issuer}:${p.account}` || want.name === `${p.issuer}:${p.account}`);
    if (!alt) out.push(`name “${p.account}” ≠ “${want.name}”`);
  }
  if (p.kind === 'steam' || want.type === 'steam') return out;
  if (!unchecked.has('algorithm') && p.algorithm !== want.algorithm)
    out.push(`algorithm ${p.algorithm} ≠ ${want.algorithm}`);
  if (!unchecked.has('digits') && p.digits !== want.digits) out.push(`digits ${p.digits} ≠ ${want.digits}`);
  if (p.kind === 'totp' && !unchecked.has('period') && p.period !== want.period)
    out.push(`period ${p.period} ≠ ${want.period}`);
  if (p.kind === 'hotp' && !unchecked.has('counter') && want.counter !== null) {
    const c = Number(p.counter);
    const alt = 'counter' in also && c === want.counter + 1;
    if (c !== want.counter && !alt) out.push(`counter ${c} ≠ ${want.counter}`);
  }
  return out;
}

/** The code the imported entry gives where the record's code was computed (at its counter for HOTP). */
export function codeMatches(got: ImportedEntry, want: ExpectedEntry, time: number): boolean {
  if (want.code === undefined) return true;
  const p = got.params;
  if (p.kind === 'hotp') {
    // The record's code is for its own counter; an importer may store counter+1 (FreeOTP semantics),
    // so compare the code for the record's counter computed from the imported key and parameters.
    return hotp(p.secret, BigInt(want.counter ?? 0), p) === want.code;
  }
  return currentCode(p, time).code === want.code;
}

export interface EvalOptions {
  skipHeavy?: boolean;
  /** For tests: a cheaper limit on KDF memory. */
  maxKdfMemory?: number;
}

async function importAt(
  dir: string,
  rec: ExpectedFile,
  password: string | undefined,
  options: EvalOptions,
): Promise<ImportResult> {
  const load = (path: string) => ({ name: path, bytes: new Uint8Array(readFileSync(join(dir, path))) });
  const file = load(rec.path);
  const siblings = (rec.siblings ?? []).map(load);
  // Pictures are read as the import panel reads them: every QR code of every picture, in one import
  // (lib/import/pictures.ts), decoded with zxing-wasm from node_modules.
  if (isPicture(file.bytes)) return importPictures(await decodePictures([file, ...siblings], nodeQrReader()));
  const detected = detectFormat(rec.path, file.bytes);
  return readDetected(detected, {
    password,
    maxKdfMemory: options.maxKdfMemory,
    ...(siblings.length > 0 ? { siblings: siblings.map((s) => sniffFile(s.name, s.bytes)) } : {}),
    sqlite: nodeSqliteLoader,
  });
}

function isPicture(bytes: Uint8Array): boolean {
  try {
    return imageFormat(bytes) !== 'svg';
  } catch {
    return false;
  }
}

export async function evaluateFile(
  dir: string,
  rec: ExpectedFile,
  time: number,
  options: EvalOptions = {},
): Promise<FileReport> {
  const base = { path: rec.path, expected: rec.entries.length, matched: 0, codeOk: 0 };
  if (rec.heavy && options.skipHeavy)
    return { ...base, status: 'skipped', line: `skip  ${rec.path}  (heavy; --skip-heavy)` };
  const started = performance.now();
  let result: ImportResult;
  try {
    result = await importAt(dir, rec, rec.password ?? undefined, options);
  } catch (e) {
    const message = e instanceof ImportError ? `${e.code}: ${e.message}` : `CRASH ${(e as Error)?.stack ?? e}`;
    if (rec.expect_error !== undefined && e instanceof ImportError)
      return { ...base, status: 'refused', line: `ok    ${rec.path}  refused as expected (${message})` };
    return { ...base, status: 'failed', line: `FAIL  ${rec.path}  ${message}` };
  }
  const ms = Math.round(performance.now() - started);
  if (rec.expect_error !== undefined) {
    const refused = result.entries.length === 0;
    return {
      ...base,
      status: refused ? 'refused' : 'not-refused',
      line: `${refused ? 'ok  ' : 'FAIL'}  ${rec.path}  ${refused ? 'imported nothing, as expected' : `imported ${result.entries.length} entries; it must be refused`}`,
    };
  }

  const bySecret = new Map<string, ImportedEntry[]>();
  for (const e of result.entries) {
    const key = hex(e.params.secret);
    bySecret.set(key, [...(bySecret.get(key) ?? []), e]);
  }
  const notes: string[] = [];
  let matched = 0;
  let codeOk = 0;
  let requiredMissing = 0;
  const used = new Set<ImportedEntry>();
  // Each entry reported as unsupported may stand for one missing optional entry, no more.
  let unsupportedLeft = result.problems.filter((p) => p.unsupported).length;
  for (const want of rec.entries) {
    const candidates = (bySecret.get(secretHex(want)) ?? []).filter((c) => !used.has(c));
    const exact = candidates.find((c) => fieldMismatches(c, want, rec).length === 0);
    const got = exact ?? candidates[0];
    if (!got) {
      if (want.optional && unsupportedLeft > 0) {
        unsupportedLeft--; // reported as unsupported: acceptable for optional entries
        continue;
      }
      if (!want.optional) requiredMissing++;
      notes.push(`missing ${want.issuer}/${want.name}`);
      continue;
    }
    used.add(got);
    const diffs = fieldMismatches(got, want, rec);
    if (diffs.length === 0) matched++;
    else notes.push(`${want.issuer}/${want.name}: ${diffs.join(', ')}`);
    if (codeMatches(got, want, time)) codeOk++;
    else notes.push(`${want.issuer}/${want.name}: wrong code`);
  }
  const extra = result.entries.filter((e) => !used.has(e));
  if (extra.length > 0) notes.push(`${extra.length} unexpected entries`);

  let wrongPasswordRefused = true;
  if (rec.wrong_password_must_fail !== undefined) {
    try {
      await importAt(dir, rec, rec.wrong_password_must_fail, options);
      wrongPasswordRefused = false;
      notes.push('accepted the wrong password');
    } catch (e) {
      wrongPasswordRefused = e instanceof ImportError && e.code === 'wrong-password';
      if (!wrongPasswordRefused) notes.push(`wrong password gave ${(e as ImportError).code ?? e}`);
    }
  }
  const optionalCount = rec.entries.filter((e) => e.optional).length;
  const needed = rec.entries.length - optionalCount;
  const allRequired = requiredMissing === 0 && notes.length === 0;
  const status: FileStatus =
    allRequired && matched >= needed && wrongPasswordRefused ? 'exact' : matched > 0 ? 'partial' : 'failed';
  const label = status === 'exact' ? 'ok  ' : status === 'partial' ? 'PART' : 'FAIL';
  const problems = result.problems.length > 0 ? `, ${result.problems.length} listed as not importable` : '';
  const line = `${label}  ${rec.path}  ${result.formatName.english}: ${matched}/${rec.entries.length} entries, ${codeOk} codes ok${problems}${rec.wrong_password_must_fail !== undefined && wrongPasswordRefused ? ', wrong password refused' : ''} (${ms} ms)${notes.length ? `  — ${notes.join('; ')}` : ''}`;
  return { ...base, matched, codeOk, status, line };
}

/** One file's report with the folder its expected.json is in ('' for DIR itself). */
export interface FolderReport extends FileReport {
  folder: string;
  record: ExpectedFile;
}

/**
 * The corpora under DIR: DIR/expected.json and every DIR/<folder>/expected.json (one level down, so each
 * fixture folder of tests/fixtures/import is its own corpus with paths relative to it).
 */
export function corpusFolders(dir: string): string[] {
  const folders = existsSync(join(dir, 'expected.json')) ? [''] : [];
  for (const name of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name)))
    if (name.isDirectory() && existsSync(join(dir, name.name, 'expected.json'))) folders.push(name.name);
  return folders;
}

export async function evaluateCorpus(
  dir: string,
  options: EvalOptions = {},
  onLine: (line: string) => void = () => {},
  onReport: (report: FolderReport) => void = () => {},
): Promise<ImportSummary> {
  const summary: ImportSummary = {
    files: { of: 0, exact: 0, partial: 0, failed: 0 },
    entries: { of: 0, matched: 0, code_ok: 0 },
    expect_error: { of: 0, refused: 0 },
  };
  const folders = corpusFolders(dir);
  if (folders.length === 0) throw new Error(`no expected.json in ${dir} or its folders`); // i18n-ignore: developer tool
  for (const folder of folders) {
    const base = join(dir, folder);
    const corpus = JSON.parse(readFileSync(join(base, 'expected.json'), 'utf8')) as Corpus;
    for (const rec of corpus.files) {
      const report = await evaluateFile(base, rec, corpus.check_time_unix, options);
      // Lines name the file from DIR, so a folder's files stay apart from another's of the same name.
      const shown =
        folder === '' ? report : { ...report, line: report.line.replace(rec.path, `${folder}/${rec.path}`) };
      onLine(shown.line);
      onReport({ ...shown, folder, record: rec });
      if (report.status === 'skipped') continue;
      if (rec.expect_error !== undefined) {
        summary.expect_error.of++;
        if (report.status === 'refused') summary.expect_error.refused++;
        continue;
      }
      summary.files.of++;
      if (report.status === 'exact') summary.files.exact++;
      else if (report.status === 'partial') summary.files.partial++;
      else summary.files.failed++;
      summary.entries.of += report.expected;
      summary.entries.matched += report.matched;
      summary.entries.code_ok += report.codeOk;
    }
  }
  return summary;
}
