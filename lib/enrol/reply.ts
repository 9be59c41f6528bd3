import en from '../../locales/en/core.json';
import { type Text, textsOf } from '../i18n/text';
import { type BatchProgress, describeBatch, missingCodes, trackBatch } from '../otp/migration-batch';
import type { Account } from '../vault/account-data';
import { type ScanSource, scanHeadline } from './headline';
import { type ReviewedAccount, reviewScan } from './review';
import type { ScanOutcome } from './scan';

const text = textsOf(en);

/** What an extension page is shown after a scan (the `scan-*` messages' answer). */
export interface ScanReply {
  source: ScanSource;
  /** The page the code was scanned on, when there was one. */
  page?: { url: string; title: string };
  /** The one-sentence summary at the top. */
  headline: Text;
  codes: number;
  accounts: ReviewedAccount[];
  /** Codes or export entries that could not be used, each with why. */
  problems: Text[];
  /** Codes that are not two-factor codes, described ("a web link: https://…"). */
  ignored: Text[];
  /** "2 of 3 codes scanned; still to scan: 3." for a multi-QR Google Authenticator export. */
  batch?: { text: Text; complete: boolean };
  /** True when a region selection on the page may find what the whole-page scan did not. */
  offerRegion: boolean;
}

export type BatchBook = Record<string, BatchProgress>;

/**
 * Builds the reply and the updated record of export batches seen this session (Google Authenticator
 * shows one QR code per 10 accounts; the user scans them one after another).
 */
export function buildScanReply(
  outcome: ScanOutcome,
  source: ScanSource,
  page: { url: string; title: string } | undefined,
  existing: readonly Account[],
  batches: BatchBook,
  /** The time the review's side-by-side codes are computed for (a change of codes shows both). */
  unixSeconds?: number,
): { reply: ScanReply; batches: BatchBook } {
  const accounts = reviewScan(outcome, existing, page?.url, unixSeconds);
  const book: BatchBook = { ...batches };
  const texts: Text[] = [];
  let complete = true;
  for (const b of outcome.batches) {
    const key = `${b.id}/${b.size}`;
    const progress = trackBatch(book[key], b);
    book[key] = progress;
    const said = describeBatch(progress);
    if (!texts.some((t) => t.english === said.english)) texts.push(said);
    if (missingCodes(progress).length > 0) complete = false;
  }
  const reply: ScanReply = {
    source,
    ...(page ? { page } : {}),
    headline: scanHeadline(outcome, source, accounts.length),
    codes: outcome.codes,
    accounts,
    problems: outcome.problems.map((p) => p.message),
    ignored: outcome.ignored,
    ...(texts.length > 0 ? { batch: { text: texts.reduce((a, b) => text('core_sentences', a, b)), complete } } : {}),
    offerRegion: source === 'tab' && accounts.length === 0 && outcome.problems.length === 0,
  };
  return { reply, batches: book };
}
