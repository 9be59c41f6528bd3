import { type DetectedFile, detectAs, detectFormat, readChosen, readDetected } from './registry';
import { MAX_IMPORT_BYTES, sniffFile } from './sniff';
import { text } from './text';
import { type FormatId, ImportError, type ImportResult, type ReadOptions, type SniffedFile } from './types';

/*
 * Several files chosen together in the import panel (docs/import-export.md "The import panel: several files, pictures, choosing the app"): a Steam Desktop
 * Authenticator manifest.json with its .maFile files, or exports of different apps. A file whose detection says
 * `usesSiblings` is read first, with the other files as its siblings; the files it used are not imported again;
 * every other file is read on its own. Each file succeeds or fails whole: nothing of a failed file is imported.
 */

export interface ChosenFile {
  name: string;
  bytes: Uint8Array;
  /** The importer the person chose for a file detection could not place (lib/import/registry.ts readAs). */
  as?: FormatId;
}

export type FileOutcome =
  | { name: string; result: ImportResult }
  | { name: string; error: ImportError }
  /** Read as a sibling of `usedBy` (a manifest's account file): its accounts are in that file's result. */
  | { name: string; usedBy: string };

/** The file's detection, or why there is none (an ImportError: unknown format, too large, empty). */
export function detectChosen(f: ChosenFile, password?: string): DetectedFile | ImportError {
  try {
    return f.as ? detectAs(f.as, f.name, f.bytes, password) : detectFormat(f.name, f.bytes);
  } catch (e) {
    return e instanceof ImportError ? e : new ImportError('damaged', text('import_unreadable', String(e)));
  }
}

/** Reads every file; the outcomes are in the order the files were given. */
export async function importSeveral(files: readonly ChosenFile[], options: ReadOptions = {}): Promise<FileOutcome[]> {
  const detected = files.map((f) => detectChosen(f, options.password));
  const outcomes = new Map<number, FileOutcome>();
  const sniffed = (i: number): SniffedFile | undefined => {
    const d = detected[i];
    if (d && !(d instanceof ImportError)) return d.file;
    const f = files[i];
    return f && f.bytes.length <= MAX_IMPORT_BYTES ? sniffFile(f.name, f.bytes) : undefined;
  };

  // First the files that read others (a manifest), so the files they consume are known before the rest is read.
  for (const [i, d] of detected.entries()) {
    if (d instanceof ImportError || !d.detection.usesSiblings || outcomes.has(i)) continue;
    const others = files.flatMap((_, j) => {
      const s = j === i || outcomes.has(j) ? undefined : sniffed(j);
      return s ? [{ j, s }] : [];
    });
    try {
      const result = await readDetected(d, { ...options, siblings: others.map((o) => o.s) });
      outcomes.set(i, { name: d.file.name, result });
      const used = new Set(result.consumed ?? []);
      for (const o of others) if (used.has(o.s.name)) outcomes.set(o.j, { name: o.s.name, usedBy: d.file.name });
    } catch (e) {
      outcomes.set(i, { name: d.file.name, error: asError(e) });
    }
  }

  for (const [i, d] of detected.entries()) {
    if (outcomes.has(i)) continue;
    const name = files[i]?.name ?? '';
    if (d instanceof ImportError) {
      outcomes.set(i, { name, error: d });
      continue;
    }
    try {
      const chosen = files[i]?.as !== undefined;
      outcomes.set(i, { name, result: await (chosen ? readChosen(d, options) : readDetected(d, options)) });
    } catch (e) {
      outcomes.set(i, { name, error: asError(e) });
    }
  }
  return files.map(
    (f, i) => outcomes.get(i) ?? { name: f.name, error: new ImportError('damaged', text('import_empty')) },
  );
}

function asError(e: unknown): ImportError {
  return e instanceof ImportError ? e : new ImportError('damaged', text('import_unreadable', String(e)));
}
