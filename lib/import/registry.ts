import { TwofoldError } from '../errors';
import { MAX_IMPORT_BYTES, sniffFile } from './sniff';
import {
  type Detection,
  type FormatId,
  type Importer,
  ImportError,
  type ImportResult,
  type ReadOptions,
  type SniffedFile,
} from './types';
import { IMPORTERS } from './importers';

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
  formatName: string;
}

export function formatName(importer: Importer, detection: Detection): string {
  const variant = detection.variant ? ` ${detection.variant}` : '';
  return `${importer.app}${variant}${detection.encrypted ? ' (encrypted)' : ''}`;
}

/** Finds the format of a file; throws `unknown-format` (or `too-large`) with what it looked like. */
export function detectFormat(name: string, bytes: Uint8Array): DetectedFile {
  if (bytes.length > MAX_IMPORT_BYTES)
    throw new ImportError(
      'too-large',
      `The file is ${Math.round(bytes.length / 2 ** 20)} MiB; no authenticator export is that large.`,
    );
  if (bytes.length === 0) throw new ImportError('unknown-format', 'The file is empty.');
  const file = sniffFile(name, bytes);
  for (const importer of IMPORTERS) {
    let detection: Detection | false;
    try {
      detection = importer.detect(file);
    } catch {
      detection = false;
    }
    if (detection)
      return { file, importer, detection, format: importer.id, formatName: formatName(importer, detection) };
  }
  throw new ImportError('unknown-format', unknownFormatMessage(file));
}

function unknownFormatMessage(file: SniffedFile): string {
  const apps = [...new Set(IMPORTERS.map((i) => i.app))].join(', ');
  const kind = file.json !== undefined ? 'a JSON file' : file.text !== undefined ? 'a text file' : 'a binary file';
  return `Twofold does not recognise this file (${kind}). It reads exports from ${apps}.`;
}

/** Reads a detected file. Any failure is an {@link ImportError}; a malformed file never escapes as another error. */
export async function readDetected(d: DetectedFile, options: ReadOptions = {}): Promise<ImportResult> {
  try {
    const out = await d.importer.read(d.file, d.detection, options);
    return { format: d.format, formatName: d.formatName, ...out };
  } catch (e) {
    if (e instanceof ImportError) throw e;
    if (e instanceof TwofoldError) throw new ImportError('damaged', `${d.formatName}: ${e.message}`, { cause: e });
    throw new ImportError('damaged', `The ${d.formatName} file is damaged and could not be read.`, { cause: e });
  }
}

/** Detects and reads in one go. */
export async function importFile(name: string, bytes: Uint8Array, options: ReadOptions = {}): Promise<ImportResult> {
  return readDetected(detectFormat(name, bytes), options);
}
