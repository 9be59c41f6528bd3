import { useRef, useState } from 'preact/hooks';
import { dateTime, listOf, type MessageKey, say, t, tn } from '../lib/i18n/translate';
import type { RestorePreviewView } from '../lib/messaging/protocol';
import { Field } from './Field';
import { SubmitResult } from './SubmitResult';
import { useSubmit } from './use-submit';

export type RestoreMode = 'merge' | 'replace';

export interface RestorePanelProps {
  /** Derives the file's key (once, off the page's thread and outside the background) and previews with it. */
  onPreview(text: string, password: string): Promise<RestorePreviewView>;
  /** Applies with the key the preview derived: the password is not asked for or derived again. */
  onApply(
    text: string,
    mode: RestoreMode,
    take: number[],
    expectRemoved: string[],
  ): Promise<{ added: number; updated: number; removed: number }>;
}

const STATUS_TEXT = {
  new: 'options_restore_status_new',
  identical: 'options_restore_status_identical',
  conflict: 'options_restore_status_conflict',
  repeat: 'options_restore_status_repeat',
} as const satisfies Record<RestorePreviewView['items'][number]['status'], MessageKey>;

/** Restore: file and password, a preview of every account, then merge or replace in one step. */
export function RestorePanel({ onPreview, onApply }: RestorePanelProps) {
  const [file, setFile] = useState<{ name: string; text: string }>();
  /** The file being read: a Preview clicked before its text arrived waits for it instead of saying none was chosen. */
  const reading = useRef<Promise<{ name: string; text: string } | undefined>>(Promise.resolve(undefined));
  const [password, setPassword] = useState('');
  const [preview, setPreview] = useState<RestorePreviewView>();
  const [mode, setMode] = useState<RestoreMode>('merge');
  const [take, setTake] = useState<Set<number>>(new Set());
  const { busy, result: message, run, done, fail, clear } = useSubmit();
  /** Replace deletes accounts: it takes a second, explicit click. */
  const [confirming, setConfirming] = useState(false);

  async function choose(e: Event) {
    const input = e.currentTarget as HTMLInputElement;
    const chosen = input.files?.[0];
    setPreview(undefined);
    clear();
    const read = chosen ? chosen.text().then((text) => ({ name: chosen.name, text })) : Promise.resolve(undefined);
    reading.current = read;
    setFile(await read);
  }

  async function showPreview(e: Event) {
    e.preventDefault();
    if (busy) return;
    const chosen = await reading.current.catch(() => undefined);
    if (!chosen) return fail(t('options_restore_choose_file'));
    if (password === '') return fail(t('options_restore_password_missing'));
    void run(async () => {
      const next = await onPreview(chosen.text, password);
      setPreview(next);
      // A re-enrolled account keeps its newer key by default: the backup's when the backup's is newer.
      setTake(new Set(next.items.filter((i) => i.newer === 'backup').map((i) => i.index)));
      setConfirming(false);
    });
  }

  function apply() {
    if (!file || !preview || busy) return;
    if (mode === 'replace' && preview.onlyInVault.length > 0 && !confirming) return setConfirming(true);
    setConfirming(false);
    const restore = async () => {
      const r = await onApply(file.text, mode, [...take], mode === 'replace' ? preview.onlyInVaultIds : []);
      done(tn('options_restore_done', r.added, r.updated, r.removed));
      setPreview(undefined);
      setPassword('');
    };
    void run(restore, (why) => t('options_restore_failed', why));
  }

  const conflicts = preview?.items.filter((i) => i.status === 'conflict') ?? [];
  const adds = preview?.items.filter((i) => i.status === 'new').length ?? 0;
  const identical = preview?.items.filter((i) => i.status === 'identical').length ?? 0;

  return (
    <section class="panel" id="restore" aria-labelledby="restore-title">
      <h2 id="restore-title">{t('options_restore_title')}</h2>
      <form id="restore-form" class="stack" onSubmit={showPreview} aria-busy={busy} noValidate>
        <Field id="restore-file" label={t('options_restore_file_label')}>
          <input id="restore-file" type="file" accept=".json,application/json" onChange={choose} />
        </Field>
        <Field id="restore-password" label={t('options_restore_password_label')}>
          <input
            id="restore-password"
            type="password"
            autocomplete="current-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </Field>
        <button type="submit" id="restore-preview" disabled={busy}>
          {busy && !preview ? t('options_restore_decrypting') : t('options_restore_show')}
        </button>
      </form>
      {preview && (
        <div class="stack" id="restore-review">
          <p role="status" id="restore-summary">
            {tn(
              'options_restore_summary',
              preview.accounts,
              dateTime(preview.created),
              adds,
              conflicts.length,
              identical,
            )}
          </p>
          <ul class="restore-items" id="restore-items">
            {preview.items.map((i) => (
              <li key={i.index} data-status={i.status}>
                <strong>{say(i.name)}</strong> <span class="hint">{t(STATUS_TEXT[i.status])}</span>
                {i.status === 'conflict' && (
                  <div>
                    <p class="hint">
                      {t('options_restore_conflict_detail', i.existing ?? '', listOf(i.differences, 'unit'))}
                    </p>
                    {i.codes && (
                      <p class="notice restore-codes-change" data-codes-change="true">
                        <strong>{t('keepcodes_would_change')}</strong>{' '}
                        {t('keepcodes_restore_codes', i.codes.before, i.codes.after)}
                      </p>
                    )}
                    {mode === 'merge' && (
                      <label class="check">
                        <input
                          type="checkbox"
                          class="restore-take"
                          aria-label={t('options_restore_take_label', i.name)}
                          checked={take.has(i.index)}
                          onChange={(e) => {
                            const next = new Set(take);
                            if (e.currentTarget.checked) next.add(i.index);
                            else next.delete(i.index);
                            setTake(next);
                          }}
                        />
                        {t('options_restore_take')}
                      </label>
                    )}
                  </div>
                )}
              </li>
            ))}
          </ul>
          <fieldset class="group">
            <legend>{t('options_restore_how')}</legend>
            <label class="check">
              <input
                type="radio"
                name="restore-mode"
                id="restore-merge"
                checked={mode === 'merge'}
                onChange={() => {
                  setMode('merge');
                  setConfirming(false);
                }}
              />
              {t('options_restore_merge_option')}
            </label>
            <label class="check">
              <input
                type="radio"
                name="restore-mode"
                id="restore-replace"
                checked={mode === 'replace'}
                onChange={() => setMode('replace')}
              />
              {t('options_restore_replace_option')}
            </label>
          </fieldset>
          {mode === 'replace' && preview.onlyInVault.length > 0 && (
            <p class="notice notice-error" id="restore-deletes" role="alert">
              {tn('options_restore_deletes', preview.onlyInVault.length, listOf(preview.onlyInVault))}
            </p>
          )}
          <button type="button" id="restore-apply" class="primary" disabled={busy} onClick={apply}>
            {mode === 'merge'
              ? t('options_restore_merge_button')
              : confirming
                ? tn('options_restore_confirm_replace', preview.onlyInVault.length)
                : t('options_restore_replace_button')}
          </button>
          {confirming && (
            <button type="button" id="restore-cancel" onClick={() => setConfirming(false)}>
              {t('common_cancel')}
            </button>
          )}
        </div>
      )}
      <SubmitResult id="restore-result" result={message} />
    </section>
  );
}
