import { useEffect, useRef, useState } from 'preact/hooks';
import { type MessageKey, t, tn } from '../lib/i18n/translate';
import type { RequestMap } from '../lib/messaging/protocol';
import type { RecoveryCode } from '../lib/vault/account-data';
import type { AccountView } from '../lib/vault/view';
import { displayName, parseSites } from './account-order';
import type { Clock } from './clock';
import { Field } from './Field';
import { PreviousKeys } from './PreviousKeys';
import { useSubmit } from './use-submit';
import { ViewHeader } from './ViewHeader';

export type AccountPatch = RequestMap['account-update']['patch'];

const KIND_NAMES: Record<AccountView['kind'], MessageKey> = {
  totp: 'popup_kind_totp',
  hotp: 'popup_kind_hotp',
  steam: 'popup_kind_steam',
};

/** Stands for the account's name in the confirmation sentence, which is then split around it to show it in bold. */
const NAME_MARK = '\uE000';

/** "Delete GitHub (alice)?" with Delete / Cancel; Cancel has focus so Enter is the safe choice. */
function ConfirmDelete({ name, onYes, onNo }: { name: string; onYes(): Promise<void>; onNo(): void }) {
  const cancel = useRef<HTMLButtonElement>(null);
  const [before = '', after = ''] = t('organise_delete_confirm', NAME_MARK).split(NAME_MARK);
  const { busy, failure, run } = useSubmit();
  const error = failure?.message ?? '';
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div
      id="confirm-delete"
      class="confirm"
      role="alertdialog"
      aria-labelledby="confirm-delete-text"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onNo();
      }}
    >
      <p id="confirm-delete-text">
        {before}
        <strong>{name}</strong>
        {after}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="button-row">
        <button type="button" id="confirm-delete-yes" class="danger" disabled={busy} onClick={() => void run(onYes)}>
          {busy ? t('popup_deleting') : t('common_delete')}
        </button>
        <button type="button" id="confirm-delete-no" ref={cancel} onClick={onNo}>
          {t('common_cancel')}
        </button>
      </div>
    </div>
  );
}

/** Names, sites, notes and recovery codes of one account; delete it. */
export function EditView({
  account,
  clock,
  onSave,
  onDelete,
  onRestoreKey,
  onBack,
  groups = [],
}: {
  account: AccountView;
  /** Group names already in use, offered as the Group field's suggestions. */
  groups?: readonly string[];
  clock: Clock;
  onSave(patch: AccountPatch): Promise<void>;
  onDelete(): Promise<void>;
  /**
   * "Restore" of a previous key (docs/vault-format.md "Previous keys"): swaps it back in; the current key takes its
   * place.
   */
  onRestoreKey(replacedAt: number): Promise<void>;
  onBack(): void;
}) {
  const [issuer, setIssuer] = useState(account.issuer);
  const [name, setName] = useState(account.account);
  const [sites, setSites] = useState(account.sites.join(', '));
  const [notes, setNotes] = useState(account.notes);
  const [group, setGroup] = useState(account.group ?? '');
  const [recovery, setRecovery] = useState<RecoveryCode[]>(account.recoveryCodes);
  const [added, setAdded] = useState('');
  const { busy, failure, run, fail } = useSubmit();
  const error = failure?.message ?? '';
  const [confirming, setConfirming] = useState(false);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const label = displayName(account);

  function toggleUsed(i: number, used: boolean) {
    setRecovery((list) =>
      list.map((r, j) => (j !== i ? r : used ? { code: r.code, usedAt: clock.now() } : { code: r.code })),
    );
  }

  function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    const known = new Set(recovery.map((r) => r.code));
    const fresh = added
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !known.has(l) && known.add(l));
    const recoveryCodes = [...recovery, ...fresh.map((code) => ({ code }))];
    const siteList = parseSites(sites);
    if (siteList.length > 100 || siteList.some((s) => s.length > 253)) {
      return fail(t('popup_edit_too_many_sites'));
    }
    if (recoveryCodes.length > 200 || recoveryCodes.some((r) => r.code.length > 200)) {
      return fail(t('popup_edit_too_many_recovery'));
    }
    // The group goes only when it changed ('' takes the account out of its group, docs/messages.md).
    const groupPatch = group.trim() !== (account.group ?? '') ? { group: group.trim() } : {};
    void run(() => onSave({ issuer, account: name, sites: siteList, notes, recoveryCodes, ...groupPatch }));
  }

  const unused = recovery.filter((r) => r.usedAt === undefined).length;
  return (
    <main class="screen">
      <ViewHeader title={t('popup_edit_label', label)} onBack={onBack} />
      <form id="edit-form" class="stack" onSubmit={submit} aria-busy={busy} noValidate>
        <p class="meta">
          {t(KIND_NAMES[account.kind])}
          {account.kind !== 'steam' && account.algorithm
            ? ` · ${account.algorithm} · ${tn('popup_edit_digits', account.digits ?? 6)}`
            : ''}
          {account.kind === 'totp' ? ` · ${t('popup_seconds_short', account.period ?? 30)}` : ''}
        </p>
        <div class="two">
          <Field id="edit-issuer" label={t('popup_edit_issuer')}>
            <input
              id="edit-issuer"
              type="text"
              autocomplete="off"
              value={issuer}
              onInput={(e) => setIssuer(e.currentTarget.value)}
            />
          </Field>
          <Field id="edit-account" label={t('popup_edit_account_name')}>
            <input
              id="edit-account"
              type="text"
              autocomplete="off"
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
            />
          </Field>
        </div>
        <Field id="edit-sites" label={t('popup_edit_sites')}>
          <input
            id="edit-sites"
            type="text"
            autocomplete="off"
            spellcheck={false}
            value={sites}
            onInput={(e) => setSites(e.currentTarget.value)}
          />
        </Field>
        <Field id="edit-group" label={t('listui_edit_group')} hint={t('listui_edit_group_hint')}>
          <input
            id="edit-group"
            type="text"
            autocomplete="off"
            list="edit-group-names"
            maxLength={100}
            aria-describedby="edit-group-hint"
            value={group}
            onInput={(e) => setGroup(e.currentTarget.value)}
          />
          <datalist id="edit-group-names">
            {groups.map((g) => (
              <option key={g} value={g} />
            ))}
          </datalist>
        </Field>
        <Field id="edit-notes" label={t('popup_edit_notes')}>
          <textarea id="edit-notes" rows={3} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} />
        </Field>

        <fieldset class="group">
          <legend>
            {t('popup_recovery_codes')}
            {recovery.length > 0 && (
              <span class="legend-count">{` · ${tn('popup_recovery_unused', unused, recovery.length)}`}</span>
            )}
          </legend>
          {recovery.length > 0 ? (
            <ul id="recovery-list">
              {recovery.map((r, i) => (
                <li key={`${i}:${r.code}`} class={r.usedAt === undefined ? 'recovery' : 'recovery used'}>
                  <span class="recovery-code mono">{r.code}</span>
                  <label class="check">
                    <input
                      type="checkbox"
                      class="recovery-used"
                      aria-label={t('popup_recovery_mark_used', r.code)}
                      checked={r.usedAt !== undefined}
                      onChange={(e) => toggleUsed(i, e.currentTarget.checked)}
                    />
                    <span aria-hidden="true">{t('popup_recovery_used')}</span>
                  </label>
                </li>
              ))}
            </ul>
          ) : (
            <>
              <ul id="recovery-list" class="empty-list" aria-label={t('popup_recovery_codes')} />
              <p class="hint">{t('popup_recovery_none')}</p>
            </>
          )}
          <Field id="recovery-add" label={t('popup_recovery_add')}>
            <textarea
              id="recovery-add"
              class="mono"
              rows={3}
              spellcheck={false}
              autocomplete="off"
              value={added}
              onInput={(e) => setAdded(e.currentTarget.value)}
            />
          </Field>
        </fieldset>

        <PreviousKeys keys={account.previousKeys} now={clock.now()} onRestore={onRestoreKey} />

        {error && (
          <p id="edit-error" class="error" role="alert">
            {error}
          </p>
        )}
        <div class="button-row">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? t('popup_saving') : t('common_save')}
          </button>
          <button type="button" id="delete" class="danger-quiet" ref={deleteButton} onClick={() => setConfirming(true)}>
            {t('popup_delete_account')}
          </button>
        </div>
        {confirming && (
          <ConfirmDelete
            name={account.issuer && account.account ? `${account.issuer} (${account.account})` : label}
            onYes={onDelete}
            onNo={() => {
              setConfirming(false);
              deleteButton.current?.focus();
            }}
          />
        )}
      </form>
    </main>
  );
}
