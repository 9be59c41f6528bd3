import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ScanReply } from '../lib/enrol/reply';
import type { ReviewedAccount } from '../lib/enrol/review';
import { listOf, localize, t, tn } from '../lib/i18n/translate';
import { NAME_MAX, renamedUri } from '../lib/qr/page-rename';
import { displayName, parseSites } from './account-order';
import { RenewChoice, type RenewChoiceValue } from './RenewChoice';
import { useSubmit } from './use-submit';
import { ViewHeader } from './ViewHeader';

/** One account to store: new, or replacing the account with the same key. */
export interface EnrolItem {
  uri: string;
  sites: string[];
  replaceId?: string;
  /** Re-enrolment: the account whose key this new key replaces (its old key goes to its history). */
  renewId?: string;
}

export interface ScanReviewProps {
  /** undefined while the scan runs. */
  reply: ScanReply | undefined;
  /** A scan that failed outright (capture refused, unreadable picture). */
  error: string | undefined;
  onConfirm(items: EnrolItem[]): Promise<void>;
  /** Present when the page can be asked for a region selection. */
  onSelectRegion?: () => void;
  onBack(): void;
  /** The view's title; "Add from QR code" unless an import shows it. */
  title?: string;
  /** Shown inside another page's section (the options page): a section with an h3, not the page's main. */
  embedded?: boolean;
}

type Choice = 'add' | 'update' | 'skip' | Exclude<RenewChoiceValue, 'skip'>;
/** A new account's names as the review shows them, editable before saving. */
type Name = { issuer: string; account: string };

/**
 * New accounts are taken. A key Twofold has is kept by default: names alone differ most often because the
 * user renamed the account, which a rescan must not undo without being asked; and other parameters
 * would change the codes, which locks the user out unless the site changed them too
 * (docs/import-export.md "Review of a key Twofold already has"). Updating is always the user's explicit choice.
 */
export function defaultChoice(a: ReviewedAccount): Choice {
  if (a.match.status === 'new') return 'add';
  // Replace unless the review says why not: the page is on another of its sites, or an earlier row replaces it.
  if (a.match.status === 'renewed') return a.match.keepBoth ? 'both' : 'replace';
  // A key Twofold holds: never change it by default: other codes lock the user out (docs/import-export.md).
  return 'skip';
}

/** The stored account a row's choice changes (Replace of a new key, Update of a key Twofold has), if any. */
function targetOf(a: ReviewedAccount, choice: Choice | undefined): string | undefined {
  if (choice === 'replace' && a.match.status === 'renewed') return a.match.id;
  if (choice === 'update' && (a.match.status === 'same' || a.match.status === 'changed')) return a.match.id;
  return undefined;
}

/**
 * Rows whose choices would change the same stored account: they cannot all be saved (the background refuses
 * such a save, naming the account; docs/enrolment.md), so the review marks them before the person saves.
 */
export function clashingRows(accounts: readonly ReviewedAccount[], choices: readonly (Choice | undefined)[]): number[] {
  const targets = accounts.map((a, i) => targetOf(a, choices[i]));
  return targets.flatMap((id, i) =>
    id !== undefined && targets.some((other, j) => j !== i && other === id) ? [i] : [],
  );
}

function AccountChoice({
  a,
  index,
  choice,
  sites,
  clash,
  name,
  onChoice,
  onSites,
  onName,
}: {
  a: ReviewedAccount;
  index: number;
  choice: Choice;
  sites: string;
  /** Another row changes the same stored account. */
  clash: boolean;
  /** The issuer and account name a new account is saved under, as the person edits them. */
  name: Name;
  onChoice(c: Choice): void;
  onSites(s: string): void;
  onName(n: Name): void;
}) {
  const id = `scan-${index}`;
  const title = displayName(a);
  return (
    <li class="scan-account" data-index={index} data-status={a.match.status} data-clash={clash ? 'true' : undefined}>
      <div class="scan-head">
        {a.match.status === 'new' ? (
          <label class="check">
            <input
              type="checkbox"
              id={`${id}-take`}
              checked={choice === 'add'}
              onChange={(e) => onChoice(e.currentTarget.checked ? 'add' : 'skip')}
            />
            <span class="scan-title">{title}</span>
          </label>
        ) : (
          <span class="scan-title">{title}</span>
        )}
        {a.issuer && a.account && <span class="scan-name">{a.account}</span>}
      </div>
      <p class="scan-summary">{localize(a.summary)}</p>
      {a.match.status === 'same' && <p class="scan-match">{t('add_scan_same', a.match.name)}</p>}
      {a.match.status === 'changed' && (
        <fieldset class="scan-match" data-codes-change={a.match.paramsChanged ? 'true' : undefined}>
          <legend>{t('add_scan_changed', a.match.name)}</legend>
          {a.match.paramsChanged && (
            <p class="notice scan-codes-change" id={`${id}-codes-change`}>
              <strong>{t('keepcodes_would_change')}</strong>
              {a.match.codes && <> {t('keepcodes_codes_now', a.match.codes.before, a.match.codes.after)}</>}
            </p>
          )}
          <p class="hint">{t('add_scan_changes', listOf(a.match.differences, 'unit'))}</p>
          <label class="check">
            <input
              type="radio"
              id={`${id}-update`}
              name={`${id}-choice`}
              checked={choice === 'update'}
              onChange={() => onChoice('update')}
            />
            {a.match.paramsChanged ? t('keepcodes_change', a.match.name) : t('add_scan_update', a.match.name)}
          </label>
          <label class="check">
            <input
              type="radio"
              id={`${id}-keep`}
              name={`${id}-choice`}
              checked={choice === 'skip'}
              onChange={() => onChoice('skip')}
            />
            {a.match.paramsChanged ? t('keepcodes_keep', a.match.name) : t('add_scan_keep')}
          </label>
        </fieldset>
      )}
      {a.match.status === 'renewed' && (
        <RenewChoice
          id={id}
          match={a.match}
          choice={choice === 'replace' || choice === 'both' ? choice : 'skip'}
          onChoice={onChoice}
        />
      )}
      {clash && a.match.status !== 'new' && (
        <p class="error scan-clash" id={`${id}-clash`}>
          {t('reenrol_enrol_same_target', a.match.name)}
        </p>
      )}
      {a.warnings.length > 0 && (
        <ul class="warnings">
          {a.warnings.map((w) => (
            <li key={w.english}>{localize(w)}</li>
          ))}
        </ul>
      )}
      {choice === 'add' && (
        <div class="two scan-names">
          <label class="field">
            <span>{t('qrnotice_review_issuer')}</span>
            <input
              id={`${id}-issuer`}
              class="scan-issuer"
              type="text"
              autocomplete="off"
              maxLength={NAME_MAX}
              value={name.issuer}
              onInput={(e) => onName({ ...name, issuer: e.currentTarget.value })}
            />
          </label>
          <label class="field">
            <span>{t('qrnotice_review_account')}</span>
            <input
              id={`${id}-account`}
              class="scan-account-name"
              type="text"
              autocomplete="off"
              spellcheck={false}
              maxLength={NAME_MAX}
              value={name.account}
              onInput={(e) => onName({ ...name, account: e.currentTarget.value })}
            />
          </label>
        </div>
      )}
      {choice !== 'skip' && (
        <label class="field">
          <span>{choice === 'update' || choice === 'replace' ? t('add_scan_also_sites') : t('add_scan_sites')}</span>
          <input
            id={`${id}-sites`}
            class="scan-sites"
            type="text"
            autocomplete="off"
            spellcheck={false}
            placeholder="example.com" // i18n-ignore: an example domain
            value={sites}
            onInput={(e) => onSites(e.currentTarget.value)}
          />
        </label>
      )}
    </li>
  );
}

/** What a scan found, to confirm before anything is stored: accounts, where they will be used, and what was left out. */
export function ScanReview({ reply, error, onConfirm, onSelectRegion, onBack, title, embedded }: ScanReviewProps) {
  const Root = embedded ? 'section' : 'main';
  const [choices, setChoices] = useState<Choice[]>([]);
  const [sites, setSites] = useState<string[]>([]);
  const [names, setNames] = useState<Name[]>([]);
  // useSubmit guards with a ref as well as state: two Enter presses in one frame must not save twice.
  const { busy, failure, run, fail } = useSubmit();
  const heading = useRef<HTMLParagraphElement>(null);

  useLayoutEffect(() => {
    setChoices(reply?.accounts.map(defaultChoice) ?? []);
    setSites(reply?.accounts.map((a) => a.sites.join(', ')) ?? []);
    setNames(reply?.accounts.map((a) => ({ issuer: a.issuer, account: a.account })) ?? []);
    heading.current?.focus();
  }, [reply]);

  const taken = reply?.accounts.filter((_, i) => choices[i] !== 'skip' && choices[i] !== undefined).length ?? 0;
  const clashes = reply ? clashingRows(reply.accounts, choices) : [];

  function confirm(e: Event) {
    e.preventDefault();
    if (!reply || busy) return;
    const clash = reply.accounts[clashes[0] ?? -1]?.match;
    if (clash && clash.status !== 'new') return fail(t('reenrol_enrol_same_target', clash.name));
    const items: EnrolItem[] = [];
    reply.accounts.forEach((a, i) => {
      const choice = choices[i];
      if (choice === 'skip' || choice === undefined) return;
      const list = parseSites(sites[i] ?? '').slice(0, 100);
      const name = names[i];
      items.push({
        // Only a new account takes the names typed here; an update or a renewal keeps the stored account's names.
        uri: choice === 'add' && name ? renamedUri(a.uri, name.issuer, name.account) : a.uri,
        sites: list,
        ...(choice === 'update' && (a.match.status === 'same' || a.match.status === 'changed')
          ? { replaceId: a.match.id }
          : {}),
        ...(choice === 'replace' && a.match.status === 'renewed' ? { renewId: a.match.id } : {}),
      });
    });
    void run(() => onConfirm(items));
  }

  return (
    <Root class="screen">
      <ViewHeader title={title ?? t('add_scan_title')} onBack={onBack} level={embedded ? 3 : 1} />
      {!reply && !error && (
        <p id="scan-status" class="hint" role="status" aria-busy="true">
          {t('add_scan_looking')}
        </p>
      )}
      {error && (
        <p id="scan-error" class="error" role="alert">
          {error}
        </p>
      )}
      {reply && (
        <form id="scan-form" class="stack" onSubmit={confirm} aria-busy={busy}>
          <p id="scan-headline" class="scan-headline" tabIndex={-1} ref={heading} role="status">
            {localize(reply.headline)}
          </p>
          {reply.page && (
            <p class="hint" id="scan-page">
              {t('add_scan_from_page', reply.page.title || reply.page.url)}
            </p>
          )}
          {reply.batch && (
            <p id="scan-batch" class={reply.batch.complete ? 'hint' : 'notice'}>
              {localize(reply.batch.text)}
              {!reply.batch.complete && ` ${t('add_scan_batch_incomplete')}`}
            </p>
          )}
          {reply.accounts.length > 0 && (
            <ul id="scan-accounts" class="scan-accounts">
              {reply.accounts.map((a, i) => (
                <AccountChoice
                  key={a.uri}
                  a={a}
                  index={i}
                  choice={choices[i] ?? 'skip'}
                  sites={sites[i] ?? ''}
                  clash={clashes.includes(i)}
                  name={names[i] ?? { issuer: a.issuer, account: a.account }}
                  onName={(n) => setNames((ns) => ns.map((x, j) => (j === i ? n : x)))}
                  onChoice={(c) => setChoices((cs) => cs.map((x, j) => (j === i ? c : x)))}
                  onSites={(s) => setSites((ss) => ss.map((x, j) => (j === i ? s : x)))}
                />
              ))}
            </ul>
          )}
          {reply.problems.length > 0 && (
            <section class="notice notice-error" id="scan-problems" aria-label={t('add_scan_problems_label')}>
              <ul>
                {reply.problems.map((p) => (
                  <li key={p.english}>{localize(p)}</li>
                ))}
              </ul>
            </section>
          )}
          {reply.ignored.length > 0 && reply.accounts.length > 0 && (
            <p class="hint" id="scan-ignored">
              {t('add_scan_ignored', listOf(reply.ignored, 'unit'))}
            </p>
          )}
          {reply.offerRegion && onSelectRegion && (
            <div class="stack" id="scan-region">
              <p class="hint">{t('add_scan_region_hint')}</p>
              <button type="button" id="select-region" onClick={onSelectRegion}>
                {t('add_scan_region_button')}
              </button>
            </div>
          )}
          {failure && (
            <p id="scan-failure" class="error" role="alert">
              {failure.message}
            </p>
          )}
          {reply.accounts.length > 0 && (
            <button type="submit" id="scan-confirm" class="primary" disabled={busy || taken === 0}>
              {taken === 0 ? t('add_scan_nothing_selected') : tn('add_scan_save', taken)}
            </button>
          )}
        </form>
      )}
    </Root>
  );
}
