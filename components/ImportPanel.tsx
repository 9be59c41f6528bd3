import { useEffect, useRef, useState } from 'preact/hooks';
import type { ScanReply } from '../lib/enrol/reply';
import { localize, t, tn } from '../lib/i18n/translate';
import { PICTURE_FORMAT } from '../lib/import/picture-format';
import type { FileDetected, FileLine, ImportSummary } from '../lib/import/run';
import type { ImportStage } from '../lib/import/types';
import { failureOf } from './errors';
import { Field } from './Field';
import { type EnrolItem, ScanReview } from './ScanReview';
import { SubmitResult } from './SubmitResult';

/** What the chosen files are: each file's detection (with the apps to choose from when unknown) and the pictures. */
export interface PanelDetection {
  files: FileDetected[];
  /** How many of the chosen files are pictures (their QR codes are read with the rest). */
  pictures: number;
}

/** The app the person chose for each file detection could not place, by the file's position in the choice. */
export type Choices = Readonly<Record<number, string>>;

export interface ImportPanelProps {
  detect(files: File[], chosen: Choices): Promise<PanelDetection>;
  read(
    files: File[],
    chosen: Choices,
    password: string | undefined,
    onProgress: (s: ImportStage) => void,
  ): Promise<ImportSummary>;
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

function fileLine(f: FileLine): string {
  if (f.usedBy !== undefined) return t('importui_file_used_by', f.name, f.usedBy);
  if (f.failure) return t('importui_in_file', f.name, f.failure);
  return tn('importui_file_read', f.count, f.name, f.formatName ?? '');
}

/** The list of apps for a file detection could not place: a select, with a search box when the list is long. */
function AppChoice({
  index,
  file,
  value,
  onChoose,
}: {
  index: number;
  file: FileDetected;
  value: string | undefined;
  onChoose: (id: string) => void;
}) {
  const [query, setQuery] = useState('');
  const choices = file.choices ?? [];
  const q = query.trim().toLocaleLowerCase();
  const shown = choices.filter((c) => c.id === value || localize(c.app).toLocaleLowerCase().includes(q));
  const id = `import-choose-${index}`;
  return (
    <div class="stack">
      {choices.length > 8 && (
        <input
          id={`${id}-search`}
          type="search"
          aria-label={t('importui_choose_search')}
          placeholder={t('importui_choose_search')}
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
        />
      )}
      <Field id={id} label={t('importui_choose_label', file.name)} hint={t('importui_choose_hint')}>
        <select id={id} value={value ?? ''} onChange={(e) => onChoose(e.currentTarget.value)}>
          <option value="" disabled>
            {t('importui_choose_none')}
          </option>
          {shown.map((c) => (
            <option key={c.id} value={c.id}>
              {localize(c.app)}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}

/** Import from another authenticator: choose the file(s), give the password, review, save. */
export function ImportPanel({ detect, read, cancel, review, save }: ImportPanelProps) {
  const [files, setFiles] = useState<File[]>([]);
  const [chosen, setChosen] = useState<Choices>({});
  const [detection, setDetection] = useState<PanelDetection>();
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

  async function redetect(list: File[], choices: Choices) {
    const mine = ++run.current;
    try {
      const d = await detect(list, choices);
      if (run.current === mine) setDetection(d);
    } catch (err) {
      if (run.current === mine) setMessage({ ok: false, text: failureOf(err).message });
    }
  }

  async function choose(e: Event) {
    const list = Array.from((e.currentTarget as HTMLInputElement).files ?? []);
    run.current++;
    cancel();
    reset();
    setMessage(undefined);
    setDetection(undefined);
    setFiles(list);
    setChosen({});
    if (list.length === 0) return;
    await redetect(list, {});
  }

  async function chooseApp(index: number, id: string) {
    const choices = { ...chosen, [index]: id };
    setChosen(choices);
    setMessage(undefined);
    await redetect(files, choices);
  }

  const known = detection?.files.flatMap((f) => (f.summary ? [f.summary] : [])) ?? [];
  const encrypted = known.filter((s) => s.encrypted);
  const readable = known.length > 0 || (detection?.pictures ?? 0) > 0;
  const passwordOptional = encrypted.every((s) => s.passwordOptional);

  async function start(e: Event) {
    e.preventDefault();
    if (files.length === 0 || !readable || progress) return;
    const mine = ++run.current;
    if (encrypted.length > 0 && !passwordOptional && password === '')
      return setMessage({ ok: false, text: t('import_needs_password_ui') });
    setMessage(undefined);
    setProgress(t(known.length === 0 ? 'importui_decoding_pictures' : 'import_progress_reading_file'));
    try {
      const given = encrypted.length > 0 && password !== '' ? password : undefined;
      const s = await read(files, chosen, given, (stage) => {
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
            <input id="import-file" type="file" multiple onChange={choose} disabled={progress !== undefined} />
          </Field>
          <p class="hint">{t('importui_file_hint')}</p>
          {detection && (
            <div id="import-format" class="hint" role="status">
              {detection.files.map((f, i) => (
                <p key={`${i}-${f.name}`}>
                  {f.summary
                    ? detection.files.length + detection.pictures === 1
                      ? t(f.summary.encrypted ? 'import_detected_encrypted' : 'import_detected', f.summary.formatName)
                      : t(
                          f.summary.encrypted ? 'importui_detected_file_encrypted' : 'importui_detected_file',
                          f.name,
                          f.summary.formatName,
                        )
                    : t('importui_in_file', f.name, f.failure ?? '')}{' '}
                  {f.summary?.costNote && localize(f.summary.costNote)}
                </p>
              ))}
              {detection.pictures === 1 && detection.files.length === 0 && (
                <p>{t('import_detected', PICTURE_FORMAT.detected)}</p>
              )}
              {detection.pictures > 0 && (detection.pictures > 1 || detection.files.length > 0) && (
                <p>{tn('importui_detected_pictures', detection.pictures)}</p>
              )}
            </div>
          )}
          {detection?.files.map(
            (f, i) =>
              (f.choices || chosen[i] !== undefined) && (
                <AppChoice
                  key={`${i}-${f.name}`}
                  index={i}
                  file={f}
                  value={chosen[i]}
                  onChoose={(id) => void chooseApp(i, id)}
                />
              ),
          )}
          {encrypted.length > 0 && (
            <Field
              id="import-password"
              label={t('import_password_label')}
              {...(passwordOptional
                ? { hint: t('import_password_hint') }
                : encrypted.length > 1
                  ? { hint: t('importui_password_shared') }
                  : {})}
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
          {readable && (
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
      {summary?.files && (
        <ul id="import-files" class="hint">
          {summary.files.map((f) => (
            <li key={f.name}>{fileLine(f)}</li>
          ))}
        </ul>
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
