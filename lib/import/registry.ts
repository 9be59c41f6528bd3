import { TwofoldError } from '../errors';
import type { Text } from '../i18n/text';
import { checkEntryCount, LimitError } from '../limits';
import { androidPrefsHint } from './android-prefs';
import { asImportError } from './crypto';
import { capProblems } from './entry';
import { IMPORTERS } from './importers';
import { MAX_IMPORT_BYTES, sniffFile } from './sniff';
import { listOf, text, textOf } from './text';
import { uiText } from './ui-text';
import {
  type Detection,
  type FormatId,
  ImportError,
  type Importer,
  type ImportResult,
  type ReadOptions,
  type SniffedFile,
} from './types';

/*
 * Format detection and the one entry point the UI, eval:import and the bench use. Detection never needs
 * the password; the result says whether one is needed and what its key derivation costs.
 */

export interface DetectedFile {
  file: SniffedFile;
  importer: Importer;
  detection: Detection;
  format: FormatId;
  /** "Aegis (encrypted)" */
  formatName: Text;
}

/** "Aegis vault (encrypted)": the app, the kind of file when known, and whether it is encrypted. */
export function formatName(importer: Importer, detection: Detection): Text {
  const { app } = importer;
  const { variant, encrypted } = detection;
  if (variant)
    return encrypted
      ? text('import_format_variant_encrypted', app, variant)
      : text('import_format_variant', app, variant);
  return encrypted ? text('import_format_encrypted', app) : app;
}

/** Finds the format of a file; throws `unknown-format` (or `too-large`) with what it looked like. */
export function detectFormat(name: string, bytes: Uint8Array): DetectedFile {
  if (bytes.length > MAX_IMPORT_BYTES)
    throw new ImportError('too-large', text('import_too_large', Math.round(bytes.length / 2 ** 20)));
  if (bytes.length === 0) throw new ImportError('unknown-format', text('import_empty'));
  const file = sniffFile(name, bytes);
  for (const importer of IMPORTERS) {
    let detection: Detection | false;
    try {
      detection = importer.detect(file);
    } catch (e) {
      // A cap hit while looking (a text of a million lines) is the answer, not "some other format".
      if (e instanceof LimitError) throw asImportError(e);
      detection = false;
    }
    if (detection)
      return { file, importer, detection, format: importer.id, formatName: formatName(importer, detection) };
  }
  throw new ImportError('unknown-format', unknownFormatMessage(file));
}

function unknownFormatMessage(file: SniffedFile): Text {
  // An Android settings file of the wrong name: say which file of which app to choose instead.
  const hint = androidPrefsHint(file);
  if (hint) return hint;
  const seen = new Set<string>();
  const apps = IMPORTERS.map((i) => i.app).filter((app) => !seen.has(app.english) && seen.add(app.english));
  const key =
    file.json !== undefined
      ? 'import_unknown_json'
      : file.text !== undefined
        ? 'import_unknown_text'
        : 'import_unknown_binary';
  return text(key, listOf(apps));
}

/** Reads a detected file. Any failure is an {@link ImportError}; a malformed file never escapes as another error. */
export async function readDetected(d: DetectedFile, options: ReadOptions = {}): Promise<ImportResult> {
  try {
    const out = await d.importer.read(d.file, d.detection, options);
    // The caps on what any importer returns (lib/limits.ts), whichever way it collected its entries.
    checkEntryCount(out.entries.length);
    return {
      format: d.format,
      formatName: d.formatName,
      ...out,
      problems: capProblems(out.problems),
      carries: d.importer.carries,
    };
  } catch (e) {
    if (e instanceof ImportError) throw e;
    if (e instanceof LimitError) throw asImportError(e);
    if (e instanceof TwofoldError)
      throw new ImportError('damaged', text('import_format_failed', d.formatName, textOf(e)), { cause: e });
    throw new ImportError('damaged', text('import_format_damaged', d.formatName), { cause: e });
  }
}

/** Detects and reads in one go. */
export async function importFile(name: string, bytes: Uint8Array, options: ReadOptions = {}): Promise<ImportResult> {
  return readDetected(detectFormat(name, bytes), options);
}

/** An importer the person may choose when detection cannot tell (its id, and the app's name to show). */
export interface ImporterChoice {
  id: FormatId;
  app: Text;
}

/**
 * The importers a person can choose for a file detection could not place, sorted by the app's name (as Aegis's
 * import list is). All of them: a headerless binary (andOTP's old encryption, TOTP Authenticator's base64) or a JSON
 * with unfamiliar keys can be any app's, and a wrong choice costs only that format's own error.
 */
export function importerChoices(): ImporterChoice[] {
  const seen = new Set<FormatId>();
  return IMPORTERS.filter((i) => !seen.has(i.id) && seen.add(i.id))
    .map((i) => ({ id: i.id, app: i.app }))
    .sort((a, b) => a.app.english.localeCompare(b.app.english, 'en', { sensitivity: 'base' }));
}

/**
 * The file as the chosen importer: its own detection when it recognises the file, else what can be said without it
 * (encrypted when a password is given). Throws `unknown-format` for an id no importer has.
 */
export function detectAs(id: FormatId, name: string, bytes: Uint8Array, password?: string): DetectedFile {
  const importer = IMPORTERS.find((i) => i.id === id);
  if (!importer) throw new ImportError('unknown-format', uiText('importui_unknown_choice'));
  if (bytes.length > MAX_IMPORT_BYTES)
    throw new ImportError('too-large', text('import_too_large', Math.round(bytes.length / 2 ** 20)));
  if (bytes.length === 0) throw new ImportError('unknown-format', text('import_empty'));
  const file = sniffFile(name, bytes);
  let detection: Detection | false;
  try {
    detection = importer.detect(file);
  } catch (e) {
    if (e instanceof LimitError) throw asImportError(e);
    detection = false;
  }
  // Not recognised: a binary file is most likely an encrypted one (andOTP's old files have no header at all), and
  // the password may be left empty when it is not; text is read as it is unless a password is given.
  const guessed = file.text === undefined || (password !== undefined && password !== '');
  const chosen: Detection = detection || (guessed ? { encrypted: true, passwordOptional: true } : { encrypted: false });
  return { file, importer, detection: chosen, format: importer.id, formatName: formatName(importer, chosen) };
}

/**
 * Reads a file as the importer the person chose. A wrong choice is that format's own error (`damaged`, naming the
 * format and what to do), never a crash and never part of a file: readDetected returns entries or throws.
 */
export async function readAs(
  id: FormatId,
  name: string,
  bytes: Uint8Array,
  options: ReadOptions = {},
): Promise<ImportResult> {
  return readChosen(detectAs(id, name, bytes, options.password), options);
}

/** Reads a file the person placed by choosing its app ({@link detectAs}); a wrong choice names the app chosen. */
export async function readChosen(d: DetectedFile, options: ReadOptions = {}): Promise<ImportResult> {
  let result: ImportResult;
  try {
    result = await readDetected(d, options);
  } catch (e) {
    // The importer's own words when it has them; its generic "damaged" says too little for a guess that was wrong.
    if (e instanceof ImportError && e.code === 'damaged' && !recognises(d.importer, d.file))
      throw new ImportError('damaged', uiText('importui_not_that_format', d.importer.app), { cause: e });
    throw e;
  }
  // A reader that finds none of its own shape in the file gives nothing at all, not even a problem: for a file its
  // detection does not recognise, that is a wrong choice, said as one rather than "no account in this file".
  if (result.entries.length === 0 && result.problems.length === 0 && !recognises(d.importer, d.file))
    throw new ImportError('damaged', uiText('importui_not_that_format', d.importer.app));
  return result;
}

function recognises(importer: Importer, file: SniffedFile): boolean {
  try {
    return importer.detect(file) !== false;
  } catch {
    return false;
  }
}
