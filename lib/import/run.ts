import { bytesToHex } from '@noble/hashes/utils.js';
import { accountName } from '../enrol/review';
import type { Sub, Text } from '../i18n/text';
import { checkEntryCount } from '../limits';
import { CARRIES_ALL, type OtpParamName } from '../otp/carried';
import { formatOtpauthUri } from '../otp/uri';
import type { ReadBarcodes } from '../qr/read';
import { asImportError, formatBytes } from './crypto';
import { splitGroups } from './groups';
import { decodePictures, importPictures, type PictureTexts, type ToPixels } from './pictures';
import {
  type DetectedFile,
  detectAs,
  detectFormat,
  type ImporterChoice,
  importerChoices,
  readDetected,
} from './registry';
import { type ChosenFile, detectChosen, importSeveral } from './several';
import { text, textOf } from './text';
import {
  type FormatId,
  ImportError,
  type ImportResult,
  type ImportStage,
  type KdfCost,
  type ReadOptions,
} from './types';
import { uiText } from './ui-text';

/*
 * The import as the options page's worker runs it (entrypoints/options/import-worker.ts): bytes in,
 * plain data out (URIs, not key bytes, and words as Texts, which are plain objects), so the result crosses
 * postMessage and the protocol unchanged. Kept here, pure, so it is tested without a worker.
 */

export interface ImportRequest {
  name: string;
  bytes: Uint8Array;
  password?: string;
  /** Only detect: say what the file is and whether it needs a password. */
  detectOnly?: boolean;
  /** Read the file as this importer: the person chose the app because detection could not tell. */
  as?: FormatId;
}

/** Several files and pictures chosen together (lib/import/several.ts, lib/import/pictures.ts): one review. */
export interface ImportManyRequest {
  files: ChosenFile[];
  /** The QR texts of each picture, already decoded. */
  pictures?: PictureTexts[];
  /** Pictures to decode here first (PNG, JPEG, GIF, BMP, WebP; an SVG drawn to a PNG by the page). */
  pictureFiles?: { name: string; bytes: Uint8Array }[];
  /** Where the QR decoder's .wasm is (the extension's own file), for `pictureFiles`. */
  wasmUrl?: string;
  /** Used for every encrypted file. */
  password?: string;
  detectOnly?: boolean;
}

/** What detection said of one of several files: its summary, or why it failed and, when unknown, the apps to choose. */
export interface FileDetected {
  name: string;
  summary?: DetectedSummary & { usesSiblings?: boolean };
  failure?: Text;
  /** Detection could not tell: the person chooses the app from these (sorted by name). */
  choices?: ImporterChoice[];
}

/** One file's line under the review: its name, its format and how many accounts, or why it failed. */
export interface FileLine {
  name: string;
  formatName?: Text;
  count: number;
  failure?: Text;
  /** The file whose reading used this one (a Steam manifest's account file). */
  usedBy?: string;
}

export interface DetectedSummary {
  format: string;
  formatName: Text;
  encrypted: boolean;
  /** The password may be left empty (the app then used its default). */
  passwordOptional?: boolean;
  /** "This file's key takes 1 GiB of memory and can take a minute to derive." */
  costNote?: Text;
}

export interface ImportedItem {
  uri: string;
  notes: string;
  pinned: boolean;
  warnings: Text[];
  /** Folder, group or tag names in the source beyond the one that became `group` (kept in the notes). */
  groups: string[];
  /** The account's group: the source's first group (lib/import/groups.ts). */
  group?: string;
  /** The parameters its source could say, when not all (lib/otp/carried.ts): the review keeps the rest. */
  carries?: OtpParamName[];
}

export interface ImportSummary extends DetectedSummary {
  items: ImportedItem[];
  /** "GitHub (alice): SHA-224 codes are not supported…", one per entry not imported. */
  problems: Text[];
  notices: Text[];
  /** When several files or pictures were read: one line per file. */
  files?: FileLine[];
}

/**
 * What the worker posts. A failure carries its English `message` and its `text`: an Error would lose its custom
 * fields in structured cloning, a Text (a plain object) does not.
 */
export type ImportReply =
  | { kind: 'detected'; summary: DetectedSummary }
  | { kind: 'progress'; stage: ImportStage }
  | { kind: 'done'; summary: ImportSummary }
  | { kind: 'detected-files'; files: FileDetected[] }
  | { kind: 'failed'; code: string; message: string; text: Text };

function costNote(kdf: KdfCost | undefined): Text | undefined {
  if (!kdf || kdf.memoryBytes < 256 * 2 ** 20) return undefined;
  return text('import_cost_note', formatBytes(kdf.memoryBytes));
}

function detectedSummary(d: DetectedFile): DetectedSummary {
  const note = costNote(d.detection.kdf);
  return {
    format: d.format,
    formatName: d.formatName,
    encrypted: d.detection.encrypted,
    ...(d.detection.passwordOptional ? { passwordOptional: true } : {}),
    ...(note ? { costNote: note } : {}),
  };
}

/**
 * Items for the review from one or more results. The same key twice (an app that kept a copy, or two files holding
 * one account) is imported once, and said so. `prefix` names the file in each problem when there are several.
 */
function reviewItems(results: readonly { result: ImportResult; prefix?: string }[]) {
  // One review holds what one file may (lib/limits.ts), however many files it came from.
  try {
    checkEntryCount(results.reduce((n, r) => n + r.result.entries.length, 0));
  } catch (e) {
    throw asImportError(e);
  }
  // Keyed by the key's hex: comparing each key with every earlier one made 40 000 accounts take a minute.
  const seen = new Map<string, Sub>();
  const items: ImportedItem[] = [];
  const problems: Text[] = [];
  const notices: Text[] = [];
  const counts: number[] = [];
  for (const { result, prefix } of results) {
    const named = (t: Text) => (prefix === undefined ? t : uiText('importui_in_file', prefix, t));
    let count = 0;
    for (const e of result.entries) {
      const name = accountName(e.params.issuer, e.params.account);
      const key = bytesToHex(e.params.secret);
      const first = seen.get(key);
      if (first !== undefined) {
        problems.push(named(text('import_repeat', name, first)));
        continue;
      }
      seen.set(key, name);
      const carries = e.carries ?? result.carries;
      items.push({
        uri: formatOtpauthUri(e.params),
        notes: e.notes,
        pinned: e.pinned,
        warnings: e.warnings,
        ...itemGroups(e.groups),
        ...(carries.length < CARRIES_ALL.length ? { carries: [...carries] } : {}),
      });
      count++;
    }
    counts.push(count);
    problems.push(...result.problems.map((p) => named(text('import_problem', p.label, p.message))));
    notices.push(...(result.notices ?? []).map(named));
  }
  return { items, problems, notices, counts };
}

/** The review item's `group` and the `groups` left for the notes. */
function itemGroups(groups: readonly string[]): { groups: string[]; group?: string } {
  const { group, others } = splitGroups(groups);
  return { groups: others, ...(group !== undefined ? { group } : {}) };
}

function failure(e: unknown): ImportReply {
  const why = e instanceof ImportError ? e.text : text('import_unreadable', textOf(e));
  return { kind: 'failed', code: e instanceof ImportError ? e.code : 'damaged', message: why.english, text: why };
}

/** What the worker provides: the SQLite engine for app databases (lib/import/sqlite.ts), loaded only for them. */
export type RunDependencies = Pick<ReadOptions, 'sqlite'>;

export async function runImport(
  req: ImportRequest,
  report: (r: ImportReply) => void,
  deps: RunDependencies = {},
): Promise<void> {
  try {
    const d = req.as ? detectAs(req.as, req.name, req.bytes, req.password) : detectFormat(req.name, req.bytes);
    const summary = detectedSummary(d);
    if (req.detectOnly) return report({ kind: 'detected', summary });
    const result = await readDetected(d, {
      ...deps,
      ...(req.password !== undefined ? { password: req.password } : {}),
      onProgress: (stage) => report({ kind: 'progress', stage }),
    });
    const { items, problems } = reviewItems([{ result }]);
    report({
      kind: 'done',
      summary: { ...summary, formatName: result.formatName, items, problems, notices: result.notices ?? [] },
    });
  } catch (e) {
    report(failure(e));
  }
}

/**
 * Several files and pictures in one review (the panel's multiple choice). Detection answers per file, with the apps
 * to choose from where it cannot tell; reading gives one summary whose `files` lines say what each file gave. Only
 * when nothing at all could be read is the whole run a failure.
 */
export async function runImportMany(
  req: ImportManyRequest,
  report: (r: ImportReply) => void,
  decoder?: { read: ReadBarcodes; toPixels?: ToPixels },
  deps: RunDependencies = {},
): Promise<void> {
  try {
    const password = req.password !== undefined && req.password !== '' ? req.password : undefined;
    if (req.detectOnly) {
      const files: FileDetected[] = req.files.map((f) => {
        const d = detectChosen(f, password);
        if (!(d instanceof ImportError))
          return {
            name: f.name,
            summary: { ...detectedSummary(d), ...(d.detection.usesSiblings ? { usesSiblings: true } : {}) },
            // A chosen app can be changed again: the list stays.
            ...(f.as !== undefined ? { choices: importerChoices() } : {}),
          };
        return {
          name: f.name,
          failure: d.text,
          ...(d.code === 'unknown-format' && f.bytes.length > 0 ? { choices: importerChoices() } : {}),
        };
      });
      return report({ kind: 'detected-files', files });
    }
    const outcomes = await importSeveral(req.files, {
      ...deps,
      ...(password !== undefined ? { password } : {}),
      onProgress: (stage) => report({ kind: 'progress', stage }),
    });
    const read: { result: ImportResult; name?: string }[] = [];
    const lines: FileLine[] = [];
    for (const o of outcomes) {
      if ('result' in o) read.push({ result: o.result, name: o.name });
      else if ('error' in o) lines.push({ name: o.name, count: 0, failure: o.error.text });
      else lines.push({ name: o.name, count: 0, usedBy: o.usedBy });
    }
    const pictureFiles = req.pictureFiles ?? [];
    const pictures = [
      ...(req.pictures ?? []),
      ...(pictureFiles.length === 0
        ? []
        : decoder
          ? await decodePictures(pictureFiles, decoder.read, decoder.toPixels)
          : // Without a QR reader each picture is still named, never dropped without a word.
            pictureFiles.map((f) => ({ name: f.name, error: uiText('importui_no_reader') }))),
    ];
    // Picture problems already name their picture: no file prefix for them.
    if (pictures.length > 0) read.push({ result: importPictures(pictures) });
    const several = req.files.length + (pictures.length > 0 ? 1 : 0) > 1;
    const reviewed = reviewItems(
      read.map(({ result, name }) => (several && name !== undefined ? { result, prefix: name } : { result })),
    );
    const firstFailure = outcomes.find((o) => 'error' in o);
    if (read.length === 0 && firstFailure && 'error' in firstFailure) throw firstFailure.error;
    read.forEach(({ result, name }, i) => {
      if (name !== undefined) lines.push({ name, formatName: result.formatName, count: reviewed.counts[i] ?? 0 });
    });
    const only = read.length === 1 && !several ? read[0]?.result : undefined;
    report({
      kind: 'done',
      summary: {
        format: only?.format ?? 'several',
        formatName: only?.formatName ?? uiText('importui_several_files', req.files.length + pictures.length),
        encrypted: false,
        items: reviewed.items,
        problems: reviewed.problems,
        notices: reviewed.notices,
        ...(several ? { files: lines } : {}),
      },
    });
  } catch (e) {
    report(failure(e));
  }
}
