import { bytesEqual } from '../encoding/bytes';
import { accountName } from '../enrol/review';
import type { Sub, Text } from '../i18n/text';
import { CARRIES_ALL, type OtpParamName } from '../otp/carried';
import { formatOtpauthUri } from '../otp/uri';
import { formatBytes } from './crypto';
import { detectFormat, readDetected } from './registry';
import { text, textOf } from './text';
import { ImportError, type ImportStage, type KdfCost, type ReadOptions } from './types';

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
  /** Folder, group or tag names in the source. */
  groups: string[];
  /** The parameters its source could say, when not all (lib/otp/carried.ts): the review keeps the rest. */
  carries?: OtpParamName[];
}

export interface ImportSummary extends DetectedSummary {
  items: ImportedItem[];
  /** "GitHub (alice): SHA-224 codes are not supported…", one per entry not imported. */
  problems: Text[];
  notices: Text[];
}

/**
 * What the worker posts. A failure carries its English `message` and its `text`: an Error would lose its custom
 * fields in structured cloning, a Text (a plain object) does not.
 */
export type ImportReply =
  | { kind: 'detected'; summary: DetectedSummary }
  | { kind: 'progress'; stage: ImportStage }
  | { kind: 'done'; summary: ImportSummary }
  | { kind: 'failed'; code: string; message: string; text: Text };

function costNote(kdf: KdfCost | undefined): Text | undefined {
  if (!kdf || kdf.memoryBytes < 256 * 2 ** 20) return undefined;
  return text('import_cost_note', formatBytes(kdf.memoryBytes));
}

/** What the worker provides: the SQLite engine for app databases (lib/import/sqlite.ts), loaded only for them. */
export type RunDependencies = Pick<ReadOptions, 'sqlite'>;

export async function runImport(
  req: ImportRequest,
  report: (r: ImportReply) => void,
  deps: RunDependencies = {},
): Promise<void> {
  try {
    const d = detectFormat(req.name, req.bytes);
    const note = costNote(d.detection.kdf);
    const summary: DetectedSummary = {
      format: d.format,
      formatName: d.formatName,
      encrypted: d.detection.encrypted,
      ...(d.detection.passwordOptional ? { passwordOptional: true } : {}),
      ...(note ? { costNote: note } : {}),
    };
    if (req.detectOnly) return report({ kind: 'detected', summary });
    const result = await readDetected(d, {
      ...deps,
      ...(req.password !== undefined ? { password: req.password } : {}),
      onProgress: (stage) => report({ kind: 'progress', stage }),
    });
    // The same key twice in one file (an app that kept a copy): imported once, and said so.
    const seen: { secret: Uint8Array; name: Sub }[] = [];
    const repeats: Text[] = [];
    const unique = result.entries.filter((e) => {
      const name = accountName(e.params.issuer, e.params.account);
      const first = seen.find((s) => bytesEqual(s.secret, e.params.secret));
      if (first) {
        repeats.push(text('import_repeat', name, first.name));
        return false;
      }
      seen.push({ secret: e.params.secret, name });
      return true;
    });
    const items: ImportedItem[] = unique.map((e) => {
      const carries = e.carries ?? result.carries;
      return {
        uri: formatOtpauthUri(e.params),
        notes: e.notes,
        pinned: e.pinned,
        warnings: e.warnings,
        groups: e.groups,
        ...(carries.length < CARRIES_ALL.length ? { carries: [...carries] } : {}),
      };
    });
    const problems = [...result.problems.map((p) => text('import_problem', p.label, p.message)), ...repeats];
    report({
      kind: 'done',
      summary: { ...summary, formatName: result.formatName, items, problems, notices: result.notices ?? [] },
    });
  } catch (e) {
    const failure = e instanceof ImportError ? e.text : text('import_unreadable', textOf(e));
    report({
      kind: 'failed',
      code: e instanceof ImportError ? e.code : 'damaged',
      message: failure.english,
      text: failure,
    });
  }
}
