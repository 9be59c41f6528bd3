import en from '../../locales/en/core.json';
import { type Text, textsOf } from '../i18n/text';
import type { MigrationBatch } from './migration';

const text = textsOf(en);

/** Which QR codes of one multi-QR Google Authenticator export have been read. */
export interface BatchProgress {
  id: number;
  size: number;
  /** 0-based indexes seen so far, ascending. */
  scanned: readonly number[];
}

/**
 * Adds a scanned payload to the progress of its export. A payload from another export (different id
 * or size) starts a new progress; the same QR scanned twice changes nothing.
 */
export function trackBatch(progress: BatchProgress | undefined, batch: MigrationBatch): BatchProgress {
  const same = progress && progress.id === batch.id && progress.size === batch.size;
  const scanned = new Set(same ? progress.scanned : []);
  scanned.add(batch.index);
  return { id: batch.id, size: batch.size, scanned: [...scanned].sort((a, b) => a - b) };
}

/** 1-based numbers of the QR codes still to scan. */
export function missingCodes(progress: BatchProgress): number[] {
  const missing: number[] = [];
  for (let i = 0; i < progress.size; i++) if (!progress.scanned.includes(i)) missing.push(i + 1);
  return missing;
}

/** "2 of 3 codes scanned", as the user sees it. */
export function describeBatch(progress: BatchProgress): Text {
  if (progress.size === 1) return text('core_batch_all_scanned');
  const missing = missingCodes(progress);
  return missing.length === 0
    ? text('core_batch_progress', progress.scanned.length, progress.size)
    : text('core_batch_progress_missing', progress.scanned.length, progress.size, missing.join(', '));
}
