import { useEffect, useRef, useState } from 'preact/hooks';
import type { ScanReply } from '../lib/enrol/reply';
import { localize, t, tn } from '../lib/i18n/translate';
import type { DetectedSummary, ImportSummary } from '../lib/import/run';
import type { ImportStage } from '../lib/import/types';
import { failureOf } from './errors';
import { Field } from './Field';
import { type EnrolItem, ScanReview } from './ScanReview';
import { SubmitResult } from './SubmitResult';

export interface ImportPanelProps {
  detect(file: File): Promise<DetectedSummary>;
  read(file: File, password: string | undefined, onProgress: (s: ImportStage) => void): Promise<ImportSummary>;
  cancel(): void;
  review(summary: ImportSummary): Promise<ScanReply>;
  save(items: EnrolItem[], summary: ImportSummary): Promise<{ added: number; updated: number }>;
}

function stageText(s: ImportStage): string {
  if (s.stage === 'deriving-key')
    return s.kdf.memoryBytes >= 2 ** 20
      ? t('import_progress_deriving_memory', s.kdf.algorithm, Math.round(s.kdf.memoryBytes / 2 ** 20))
      : t('import_progress_deriving', s.kdf.algorithm);
  if (s.stage === 'decrypting') return t('import_progress_decrypting');
  return tn('import_progress_entries', s.count);
}

/** Import from another authenticator: choose the file, give its password, review, save. */
export function ImportPanel({ detect, read, cancel, review, save }: ImportPanelProps) {
  const [file, setFile] = useState<File>();
  const [detected, setDetected] = useState<DetectedSummary>();
  const [password, setPassword] = useState('');
  const [progress, setProgress] = useState<string>();
  const [summary, setSummary] = useState<ImportSummary>();
  const [reply, setReply] = useState<ScanReply>();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  /** Each read gets a number; a result from an older read (another file was chosen since) is dropped. */
  const run = useRef(0);
  // Leaving the page (or a lock unmounting the panel) stops any key derivation still running.
  useEffect(() => () => cancel(), [cancel]);

  function reset() {
    setSummary(undefined);
    setReply(undefined);
    setProgress(undefined);
  }

  async function choose(e: Event) {
    const chosen = (e.currentTarget as HTMLInputElement).files?.[0];
    run.current++;
    cancel();
    reset();
    setMessage(undefined);
    setDetected(undefined);
    setFile(chosen);
    if (!chosen) return;
    try {
      setDetected(await detect(chosen));
    } catch (err) {
      setMessage({ ok: false, text: failureOf(err).message });
    }
  }

  async function start(e: Event) {
    e.preventDefault();
    if (!file || !detected || progress) return;
    const mine = ++run.current;
    if (detected.encrypted && !detected.passwordOptional && password === '')
      return setMessage({ ok: false, text: t('import_needs_password_ui') });
    setMessage(undefined);
    setProgress(t('import_progress_reading_file'));
    try {
      const given = detected.encrypted && password !== '' ? password : undefined;
      const s = await read(file, given, (stage) => {
        if (run.current === mine) setProgress(stageText(stage));
      });
      if (run.current !== mine) return;
      setSummary(s);
      setProgress(undefined);
      if (s.items.length === 0) return setMessage({ ok: false, text: t('import_nothing') });
      const reviewed = await review(s);
      if (run.current === mine) setReply(reviewed);
    } catch (err) {
      if (run.current !== mine) return;
      setProgress(undefined);
      setMessage({ ok: false, text: failureOf(err).message });
    }
  }

  async function confirm(items: EnrolItem[]) {
    if (!summary) return;
    const r = await save(items, summary);
    reset();
    setPassword('');
    setMessage({ ok: true, text: t('import_done', r.added, r.updated) });
  }

  return (
    <section class="panel" id="import" aria-labelledby="import-title">
      <h2 id="import-title">{t('import_title')}</h2>
      {!reply && (
        <form id="import-form" class="stack" onSubmit={start} aria-busy={progress !== undefined} noValidate>
          <Field id="import-file" label={t('import_file_label')} hint={t('import_file_hint')}>
            <input id="import-file" type="file" onChange={choose} disabled={progress !== undefined} />
          </Field>
          {detected && (
            <p id="import-format" class="hint" role="status">
              {t(detected.encrypted ? 'import_detected_encrypted' : 'import_detected', detected.formatName)}{' '}
              {detected.costNote && localize(detected.costNote)}
            </p>
          )}
          {detected?.encrypted && (
            <Field
              id="import-password"
              label={t('import_password_label')}
              {...(detected.passwordOptional ? { hint: t('import_password_hint') } : {})}
            >
              <input
                id="import-password"
                type="password"
                autocomplete="off"
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            </Field>
          )}
          {detected && (
            <button type="submit" id="import-read" class="primary" disabled={progress !== undefined}>
              {t('import_read_button')}
            </button>
          )}
          {progress && (
            <div class="stack">
              <p id="import-progress" role="status" aria-busy="true">
                <progress /> {progress}
              </p>
              <button
                type="button"
                id="import-cancel"
                onClick={() => {
                  run.current++;
                  cancel();
                  setProgress(undefined);
                  setMessage({ ok: false, text: t('import_cancelled') });
                }}
              >
                {t('common_cancel')}
              </button>
            </div>
          )}
        </form>
      )}
      {summary && (summary.problems.length > 0 || summary.notices.length > 0) && (
        <section class="notice notice-error" id="import-problems" aria-label={t('import_problems_label')}>
          {summary.notices.map(localize).map((n) => (
            <p key={n}>{n}</p>
          ))}
          {summary.problems.length > 0 && (
            <>
              <p>{tn('import_problems_count', summary.problems.length)}</p>
              <ul>
                {summary.problems.map(localize).map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
      {reply && (
        <ScanReview
          reply={reply}
          error={undefined}
          title={summary ? t('import_review_title', summary.formatName) : t('import_review_title_file')}
          embedded
          onConfirm={confirm}
          onBack={reset}
        />
      )}
      <SubmitResult id="import-result" result={message && { ok: message.ok, message: message.text }} />
    </section>
  );
}
