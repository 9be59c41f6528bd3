import { useState } from 'preact/hooks';
import type { RestorePreviewView } from '../lib/messaging/protocol';
import { failureOf } from './errors';
import { Field } from './Field';

export type RestoreMode = 'merge' | 'replace';

export interface RestorePanelProps {
  onPreview(text: string, password: string): Promise<RestorePreviewView>;
  onApply(
    text: string,
    password: string,
    mode: RestoreMode,
    take: number[],
    expectRemoved: string[],
  ): Promise<{ added: number; updated: number; removed: number }>;
}

const STATUS_TEXT = {
  new: 'New: will be added',
  identical: 'Already in Twofold, identical',
  conflict: 'In Twofold, but different',
  repeat: 'Repeated in the backup (the first copy is used)',
} as const;

const count = (n: number, one: string) => (n === 1 ? `1 ${one}` : `${n} ${one}s`);

/** Restore: file and password, a preview of every account, then merge or replace in one step. */
export function RestorePanel({ onPreview, onApply }: RestorePanelProps) {
  const [file, setFile] = useState<{ name: string; text: string }>();
  const [password, setPassword] = useState('');
  const [preview, setPreview] = useState<RestorePreviewView>();
  const [mode, setMode] = useState<RestoreMode>('merge');
  const [take, setTake] = useState<Set<number>>(new Set());
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [busy, setBusy] = useState(false);
  /** Replace deletes accounts: it takes a second, explicit click. */
  const [confirming, setConfirming] = useState(false);

  async function choose(e: Event) {
    const input = e.currentTarget as HTMLInputElement;
    const chosen = input.files?.[0];
    setPreview(undefined);
    setMessage(undefined);
    if (!chosen) return setFile(undefined);
    setFile({ name: chosen.name, text: await chosen.text() });
  }

  async function showPreview(e: Event) {
    e.preventDefault();
    if (busy) return;
    if (!file) return setMessage({ ok: false, text: 'Choose a Twofold backup file first.' });
    if (password === '') return setMessage({ ok: false, text: 'Type the password the backup was made with.' });
    setBusy(true);
    setMessage(undefined);
    try {
      setPreview(await onPreview(file.text, password));
      setTake(new Set());
      setConfirming(false);
    } catch (err) {
      setMessage({ ok: false, text: failureOf(err).message });
    }
    setBusy(false);
  }

  async function apply() {
    if (!file || !preview || busy) return;
    if (mode === 'replace' && preview.onlyInVault.length > 0 && !confirming) return setConfirming(true);
    setConfirming(false);
    setBusy(true);
    try {
      const r = await onApply(file.text, password, mode, [...take], mode === 'replace' ? preview.onlyInVaultIds : []);
      setMessage({
        ok: true,
        text: `Restored: ${count(r.added, 'account')} added, ${r.updated} updated, ${r.removed} deleted.`,
      });
      setPreview(undefined);
      setPassword('');
    } catch (err) {
      setMessage({ ok: false, text: `Nothing was changed: ${failureOf(err).message}` });
    }
    setBusy(false);
  }

  const conflicts = preview?.items.filter((i) => i.status === 'conflict') ?? [];
  const adds = preview?.items.filter((i) => i.status === 'new').length ?? 0;

  return (
    <section class="panel" id="restore" aria-labelledby="restore-title">
      <h2 id="restore-title">Restore a backup</h2>
      <form id="restore-form" class="stack" onSubmit={showPreview} aria-busy={busy} noValidate>
        <Field id="restore-file" label="Twofold backup file">
          <input id="restore-file" type="file" accept=".json,application/json" onChange={choose} />
        </Field>
        <Field id="restore-password" label="Backup password">
          <input
            id="restore-password"
            type="password"
            autocomplete="current-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </Field>
        <button type="submit" id="restore-preview" disabled={busy}>
          {busy && !preview ? 'Decrypting…' : 'Show what it holds'}
        </button>
      </form>
      {preview && (
        <div class="stack" id="restore-review">
          <p role="status" id="restore-summary">
            Backup of {new Date(preview.created).toLocaleString()} with {count(preview.accounts, 'account')}: {adds}{' '}
            new, {conflicts.length} different from Twofold,{' '}
            {preview.items.filter((i) => i.status === 'identical').length} identical.
          </p>
          <ul class="restore-items" id="restore-items">
            {preview.items.map((i) => (
              <li key={i.index} data-status={i.status}>
                <strong>{i.name}</strong> <span class="hint">{STATUS_TEXT[i.status]}</span>
                {i.status === 'conflict' && (
                  <div>
                    <p class="hint">
                      Twofold has it as {i.existing}: {i.differences.join('; ')}.
                    </p>
                    {mode === 'merge' && (
                      <label class="check">
                        <input
                          type="checkbox"
                          class="restore-take"
                          aria-label={`Use the backup’s version of ${i.name}`}
                          checked={take.has(i.index)}
                          onChange={(e) => {
                            const next = new Set(take);
                            if (e.currentTarget.checked) next.add(i.index);
                            else next.delete(i.index);
                            setTake(next);
                          }}
                        />
                        Use the backup’s version
                      </label>
                    )}
                  </div>
                )}
              </li>
            ))}
          </ul>
          <fieldset class="group">
            <legend>How to restore</legend>
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
              Merge: add what is new, keep everything in Twofold
            </label>
            <label class="check">
              <input
                type="radio"
                name="restore-mode"
                id="restore-replace"
                checked={mode === 'replace'}
                onChange={() => setMode('replace')}
              />
              Replace: make Twofold exactly this backup
            </label>
          </fieldset>
          {mode === 'replace' && preview.onlyInVault.length > 0 && (
            <p class="notice notice-error" id="restore-deletes" role="alert">
              Replacing deletes {count(preview.onlyInVault.length, 'account')} that the backup does not hold:{' '}
              {preview.onlyInVault.join(', ')}.
            </p>
          )}
          <button type="button" id="restore-apply" class="primary" disabled={busy} onClick={apply}>
            {mode === 'merge'
              ? 'Merge into Twofold'
              : confirming
                ? `Yes, replace and delete ${count(preview.onlyInVault.length, 'account')}`
                : 'Replace Twofold’s accounts'}
          </button>
          {confirming && (
            <button type="button" id="restore-cancel" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          )}
        </div>
      )}
      {message && (
        <p id="restore-result" class={message.ok ? 'success' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
