import { MAX_FILE_BYTES } from '../limits';
import type { SniffedFile } from './types';

/** Files larger than this are refused before anything is parsed: no real export is near it (lib/limits.ts). */
export const MAX_IMPORT_BYTES = MAX_FILE_BYTES;

/** The bytes as text and JSON when they are, once, so importers do not each decode them. */
export function sniffFile(name: string, bytes: Uint8Array): SniffedFile {
  const file: SniffedFile = { name, bytes };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return file;
  }
  file.text = text;
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      file.json = JSON.parse(trimmed);
    } catch {
      // Not JSON after all; importers that want text still have it.
    }
  }
  return file;
}
