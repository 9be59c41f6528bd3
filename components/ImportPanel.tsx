import { useEffect, useRef, useState } from 'preact/hooks';
import type { ScanReply } from '../lib/enrol/reply';
import type { DetectedSummary, ImportSummary } from '../lib/import/run';
import type { ImportStage } from '../lib/import/types';
import { failureOf } from './errors';
import { Field } from './Field';
import { type EnrolItem, ScanReview } from './ScanReview';

export interface ImportPanelProps {
  detect(file: File): Promise<DetectedSummary>;
  read(file: File, password: string | undefined, onProgress: (s: ImportStage) => void): Promise<ImportSummary>;
  cancel(): void;
  review(summary: ImportSummary): Promise<ScanReply>;
  save(items: EnrolItem[], summary: ImportSummary): Promise<{ added: number; updated: number }>;
}

function stageText(s: ImportStage): string {
  if (s.stage === 'deriving-key') {
    const mem = s.kdf.memoryBytes >= 2 ** 20 ? `, ${Math.round(s.kdf.memoryBytes / 2 ** 20)} MiB` : '';
    return `Deriving the key from the password (${s.kdf.algorithm}${mem})…`;
  }
  if (s.stage === 'decrypting') return 'Decrypting…';
  return `Reading ${s.count} entries…`;
}

const APPS =
  'Aegis, 2FAS, andOTP, Google Authenticator, Bitwarden, Ente Auth, FreeOTP, FreeOTP+, Proton Authenticator, LastPass Authenticator, Stratum (Authenticator Pro), the Authenticator extension, TOTP Authenticator, WinAuth, and otpauth:// link lists';

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
      return setMessage({ ok: false, text: 'This file is encrypted: type the password it was exported with.' });
    setMessage(undefined);
    setProgress('Reading the file…');
    try {
      const given = detected.encrypted && password !== '' ? password : undefined;
      const s = await read(file, given, (stage) => {
        if (run.current === mine) setProgress(stageText(stage));
      });
      if (run.current !== mine) return;
      setSummary(s);
      setProgress(undefined);
      if (s.items.length === 0) return setMessage({ ok: false, text: 'The file holds no account Twofold can import.' });
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
    setMessage({ ok: true, text: `Imported: ${r.added} added, ${r.updated} updated.` });
  }

  return (
    <section class="panel" id="import" aria-labelledby="import-title">
      <h2 id="import-title">Import from another app</h2>
      {!reply && (
        <form id="import-form" class="stack" onSubmit={start} aria-busy={progress !== undefined} noValidate>
          <Field id="import-file" label="Export file" hint={`Twofold recognises exports of ${APPS}.`}>
            <input id="import-file" type="file" onChange={choose} disabled={progress !== undefined} />
          </Field>
          {detected && (
            <p id="import-format" class="hint" role="status">
              {detected.formatName}
              {detected.encrypted ? ': encrypted.' : '.'} {detected.costNote}
            </p>
          )}
          {detected?.encrypted && (
            <Field
              id="import-password"
              label="Password of the export"
              {...(detected.passwordOptional ? { hint: 'Leave it empty if you never set one.' } : {})}
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
              Read the file
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
                  setMessage({ ok: false, text: 'Cancelled: nothing was imported.' });
                }}
              >
                Cancel
              </button>
            </div>
          )}
        </form>
      )}
      {summary && (summary.problems.length > 0 || summary.notices.length > 0) && (
        <section class="notice notice-error" id="import-problems" aria-label="Not imported">
          {summary.notices.map((n) => (
            <p key={n}>{n}</p>
          ))}
          {summary.problems.length > 0 && (
            <>
              <p>
                {summary.problems.length === 1 ? '1 entry is' : `${summary.problems.length} entries are`} not imported:
              </p>
              <ul>
                {summary.problems.map((p) => (
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
          title={`Import from ${summary?.formatName ?? 'file'}`}
          embedded
          onConfirm={confirm}
          onBack={reset}
        />
      )}
      {message && (
        <p id="import-result" class={message.ok ? 'success' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
