import coreEn from '../../locales/en/core.json';
import { type Text, textsOf } from '../i18n/text';
import { checkEntryCount, LimitError } from '../limits';
import { CARRIES_ALL } from '../otp/carried';
import { decodeMigrationUri, MIGRATION_CARRIES } from '../otp/migration';
import { type BatchProgress, describeBatch, missingCodes, trackBatch } from '../otp/migration-batch';
import { imageFormat, isDirectFormat } from '../qr/image-format';
import { type QrImage, type ReadBarcodes, readQrTexts } from '../qr/read';
import { asImportError } from './crypto';
import { PICTURE_FORMAT } from './picture-format';
import { EntryError, entryFromUri } from './entry';
import { plain, text, textOf } from './text';
import { ImportError, type ImportedEntry, type ImportProblem, type ImportResult } from './types';
import { uiText } from './ui-text';

/*
 * Pictures of QR codes chosen in the import panel (docs/import-export.md "Pictures"): screenshots or photos of Google
 * Authenticator's "Transfer accounts" codes, one export often spread over several pictures, or of ordinary
 * otpauth:// codes. Two steps, so each runs where it can: decodePictures needs a QR decoder (injected: zxing-wasm in
 * the extension or in Node), importPictures is pure and turns the texts of every picture into one import.
 */

/** What one picture held: the texts of its QR codes in reading order, or why it could not be read. */
export type PictureTexts = { name: string; texts: readonly string[] } | { name: string; error: Text };

/** Pictures read in one go; more is not a screenshot series but a mistake (each costs a decode of up to 40 MiB). */
export const MAX_PICTURES = 100;

const coreText = textsOf(coreEn);

const LINK = /^(otpauth|steam):\/\//i;
const MIGRATION = /^otpauth-migration:\/\//i;

/** Turns picture bytes the decoder cannot read itself (WebP, AVIF) into pixels: the browser's decoders. */
export type ToPixels = (bytes: Uint8Array) => Promise<QrImage>;

/**
 * The QR texts of every picture, with `read` (zxing-wasm) and, for formats it cannot open, `toPixels`. A picture that
 * cannot be opened is kept with its error, so the import names it and goes on with the others.
 */
export async function decodePictures(
  pictures: readonly { name: string; bytes: Uint8Array }[],
  read: ReadBarcodes,
  toPixels?: ToPixels,
): Promise<PictureTexts[]> {
  if (pictures.length > MAX_PICTURES)
    throw new ImportError('too-large', uiText('importui_too_many_pictures', MAX_PICTURES));
  const out: PictureTexts[] = [];
  for (const { name, bytes } of pictures) {
    try {
      const format = imageFormat(bytes);
      let image: QrImage = bytes;
      if (!isDirectFormat(format)) {
        if (!toPixels)
          throw new ImportError('unsupported', coreText('core_scan_picture_unopenable', format.toUpperCase()));
        try {
          image = await toPixels(bytes);
        } catch (cause) {
          throw new ImportError('unsupported', coreText('core_scan_picture_unopenable', format.toUpperCase()), {
            cause,
          });
        }
      }
      out.push({ name, texts: await readQrTexts(read, image) });
    } catch (e) {
      out.push({ name, error: textOf(e) });
    }
  }
  return out;
}

/**
 * One import of every picture's codes. Google Authenticator's export parts are gathered by their batch (id, size,
 * index: the MigrationPayload fields of Google's protobuf, as documented in docs/import-formats.md "Google
 * Authenticator"): the same part in two pictures is read once, a missing part is a notice naming which of how many.
 * A picture with no QR code, or a QR code that is not a two-factor link, is a problem naming the picture.
 */
export function importPictures(pictures: readonly PictureTexts[]): ImportResult {
  try {
    return gather(pictures);
  } catch (e) {
    // Only a cap escapes gather (more accounts than one review takes): refused whole, as any file would be.
    if (e instanceof LimitError) throw asImportError(e);
    throw e;
  }
}

function gather(pictures: readonly PictureTexts[]): ImportResult {
  if (pictures.length > MAX_PICTURES)
    throw new ImportError('too-large', uiText('importui_too_many_pictures', MAX_PICTURES));
  const entries: ImportedEntry[] = [];
  const problems: ImportProblem[] = [];
  const batches = new Map<string, BatchProgress>();
  const repeats: Text[] = [];
  let migrationOnly = true;
  const problem = (index: number, name: string, message: Text, unsupported = false): void => {
    problems.push({ index, label: plain(name), message, unsupported });
  };

  for (const [index, picture] of pictures.entries()) {
    if ('error' in picture) {
      problem(index, picture.name, picture.error);
      continue;
    }
    if (picture.texts.length === 0) problem(index, picture.name, uiText('importui_picture_no_qr'));
    for (const [i, link] of picture.texts.entries()) {
      const number = i + 1;
      if (MIGRATION.test(link)) {
        let decoded: ReturnType<typeof decodeMigrationUri>;
        try {
          decoded = decodeMigrationUri(link);
        } catch (e) {
          problem(index, picture.name, uiText('importui_picture_code_problem', number, textOf(e)));
          continue;
        }
        const { batch } = decoded;
        // A batch is one export: its random id and its size together (trackBatch does the same).
        const key = `${batch.id}/${batch.size}`;
        const before = batches.get(key);
        if (before?.scanned.includes(batch.index)) {
          // The same code in two pictures (a screenshot and a photo of it): read once, said once.
          repeats.push(
            uiText(
              'importui_in_file',
              picture.name,
              uiText('importui_picture_repeat', number, batch.index + 1, batch.size),
            ),
          );
          continue;
        }
        batches.set(key, trackBatch(before, batch));
        checkEntryCount(entries.length + decoded.accounts.length);
        for (const params of decoded.accounts)
          entries.push({ params, notes: '', groups: [], pinned: false, warnings: [], carries: MIGRATION_CARRIES });
        for (const err of decoded.errors) {
          const why = textOf(err);
          problems.push({
            index,
            label: textOf(err.label),
            message: text('import_problem', picture.name, why),
            unsupported: /not supported/.test(why.english),
          });
        }
        continue;
      }
      migrationOnly = false;
      if (!LINK.test(link)) {
        problem(index, picture.name, uiText('importui_picture_not_link', number));
        continue;
      }
      checkEntryCount(entries.length + 1);
      try {
        entries.push(entryFromUri(link));
      } catch (e) {
        problem(
          index,
          picture.name,
          uiText('importui_picture_code_problem', number, textOf(e)),
          e instanceof EntryError && e.code === 'unsupported',
        );
      }
    }
  }
  const notices: Text[] = [...repeats];
  for (const progress of batches.values())
    if (missingCodes(progress).length > 0)
      notices.push(text('import_google_incomplete', textOf(describeBatch(progress))));
  const google = migrationOnly && batches.size > 0;
  return {
    format: google ? 'google-authenticator' : 'uri-list',
    formatName: pictures.length === 1 ? PICTURE_FORMAT.read : uiText('importui_format_pictures'),
    entries,
    problems,
    notices,
    carries: google ? MIGRATION_CARRIES : CARRIES_ALL,
  };
}
