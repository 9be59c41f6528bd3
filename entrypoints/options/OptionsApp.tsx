import { base64 } from '@scure/base';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { displayName } from '../../components/account-order';
import { BackupPanel } from '../../components/BackupPanel';
import { Brand } from '../../components/Brand';
import { ExportPanel } from '../../components/ExportPanel';
import { type Choices, ImportPanel, type PanelDetection } from '../../components/ImportPanel';
import { RecentlyDeleted } from '../../components/RecentlyDeleted';
import { RestorePanel } from '../../components/RestorePanel';
import { SecurityKeysPanel } from '../../components/SecurityKeysPanel';
import { SyncPanel } from '../../components/SyncPanel';
import { UnlockView } from '../../components/UnlockView';
import type { BackupReminder } from '../../lib/backup/reminder';
import type { ScanReply } from '../../lib/enrol/reply';
import { TwofoldError } from '../../lib/errors';
import { messageOf, t } from '../../lib/i18n/translate';
import { keyOfUri } from '../../lib/import/key-of-uri';
import type { ImportManyRequest, ImportReply, ImportSummary } from '../../lib/import/run';
import type { Request, RequestType, ResponseMap } from '../../lib/messaging/protocol';
import { SESSION_KEY } from '../../lib/vault/session-key';
import type { AccountView } from '../../lib/vault/view';
import { qrWasmUrl } from '../../platform/qr-decoder';
import { RequestError, sendRequest } from '../../platform/runtime-messaging';
import { onSessionKeyRemoved } from '../../platform/session-events';
import { createClock } from '../popup/clock';
import { keyUnlockFor } from '../popup/key-unlock';
import { pictureForScan } from '../popup/picture';
import { useActivity } from '../popup/use-activity';
import { runInWorker } from './import-client';
import { deriveKeyInWorker } from './restore-client';
import { saveTextFile } from './save-file';
import { securityKeysApi } from './security-keys';
import { syncApi } from './sync';

type Phase = 'loading' | 'none' | 'locked' | 'unlocked' | 'failed';

const clock = createClock();

async function fileBytes(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

function unwrap<T extends ImportReply['kind']>(reply: ImportReply, kind: T): Extract<ImportReply, { kind: T }> {
  if (reply.kind === 'failed') throw new TwofoldError(reply.code, reply.text);
  if (reply.kind !== kind) throw new Error(t('options_import_stopped'));
  return reply as Extract<ImportReply, { kind: T }>;
}

/**
 * The options page: backup, restore, import and export (docs/import-export.md,
 * docs/backup-format.md). A full tab, not the popup: file
 * choosers and long key derivations need a page that stays open.
 */
export function OptionsApp() {
  const [phase, setPhase] = useState<Phase>('loading');
  const [accounts, setAccounts] = useState<AccountView[]>([]);
  const [status, setStatus] = useState<BackupReminder>();
  const [failure, setFailure] = useState('');
  const cancelImport = useRef<() => void>(() => {});
  /** The restore's key, derived once for the file previewed (base64); dropped after apply or another preview. */
  const restoreKey = useRef<{ text: string; key: string }>();
  useActivity(phase === 'unlocked');

  const request = useCallback(async <T extends RequestType>(req: Request<T>): Promise<ResponseMap[T]> => {
    try {
      return await sendRequest(req);
    } catch (e) {
      if (e instanceof RequestError && e.code === 'locked') setPhase('locked');
      throw e;
    }
  }, []);

  const refresh = useCallback(async () => {
    const [list, reminder] = await Promise.all([
      request({ type: 'accounts-list' }),
      request({ type: 'backup-status' }),
    ]);
    setAccounts(list.accounts);
    setStatus(reminder);
    setPhase('unlocked');
  }, [request]);

  const fail = useCallback((e: unknown) => {
    setFailure(messageOf(e));
    setPhase('failed');
  }, []);

  useEffect(() => {
    void sendRequest({ type: 'vault-state' })
      .then((s) => (s.state === 'unlocked' ? refresh() : setPhase(s.state)), fail)
      .catch(fail);
  }, [refresh, fail]);

  // A lock from the popup or the idle timer must take secrets off this page too (the recovery sheet,
  // transfer QR codes, an import under review): the moment the background drops the vault key (docs/architecture.md
  // attack 12), and, in case that event is missed, when the tab is shown again and every 15 s.
  // Locking unmounts every panel, which drops their state.
  useEffect(() => {
    if (phase !== 'unlocked') return;
    const check = () =>
      void sendRequest({ type: 'vault-state' }).then(
        (s) => s.state !== 'unlocked' && setPhase(s.state),
        () => undefined,
      );
    const stopListening = onSessionKeyRemoved(SESSION_KEY, () => {
      setPhase('locked');
      check();
    });
    const timer = setInterval(check, 15_000);
    document.addEventListener('visibilitychange', check);
    return () => {
      stopListening();
      clearInterval(timer);
      document.removeEventListener('visibilitychange', check);
    };
  }, [phase]);

  // The popup opens this page at a section (#backup, #import, #export): scroll there once it exists.
  useEffect(() => {
    if (phase !== 'unlocked' || !location.hash) return;
    document.getElementById(location.hash.slice(1))?.scrollIntoView();
  }, [phase]);

  const keyUnlock = useMemo(() => keyUnlockFor(refresh), [refresh]);
  const securityKeys = useMemo(() => securityKeysApi(request), [request]);
  const sync = useMemo(() => syncApi(request), [request]);
  const trash = useMemo(
    () => ({
      list: async () => (await request({ type: 'trash-list' })).deleted,
      restore: async (id: string) => void (await request({ type: 'trash-restore', id })),
      purge: async (id: string) => void (await request({ type: 'trash-purge', id })),
    }),
    [request],
  );

  /** After a change was saved: reload the lists, without turning the saved change into a reported failure. */
  const refreshAfterChange = () => void refresh().catch(() => undefined);

  // Pictures (screenshots or photos of Google Authenticator's transfer codes, several at once) are read by the
  // import worker with the same QR decoder as Add → picture, and gathered into one import with the other files
  // (lib/import/pictures.ts); an SVG is drawn to a PNG here first, since a worker has no SVG renderer.
  const isPicture = (file: File) => file.type.startsWith('image/');
  const filesOf = async (files: File[], chosen: Choices): Promise<ImportManyRequest['files']> =>
    Promise.all(
      files
        .filter((f) => !isPicture(f))
        .map(async (f, i) => {
          const as = chosen[i] as ImportManyRequest['files'][number]['as'];
          return { name: f.name, bytes: await fileBytes(f), ...(as ? { as } : {}) };
        }),
    );
  const detect = async (files: File[], chosen: Choices): Promise<PanelDetection> => {
    const pictures = files.filter(isPicture).length;
    const others = await filesOf(files, chosen);
    if (others.length === 0) return { files: [], pictures };
    const run = runInWorker({ files: others, detectOnly: true }, () => {});
    return { files: unwrap(await run.result, 'detected-files').files, pictures };
  };
  const read = async (
    files: File[],
    chosen: Choices,
    password: string | undefined,
    onProgress: Parameters<typeof runInWorker>[1],
  ): Promise<ImportSummary> => {
    const pictureFiles = await Promise.all(
      files.filter(isPicture).map(async (f) => ({
        name: f.name,
        bytes: f.type === 'image/svg+xml' ? base64.decode(await pictureForScan(f)) : await fileBytes(f),
      })),
    );
    const run = runInWorker(
      {
        files: await filesOf(files, chosen),
        ...(pictureFiles.length > 0 ? { pictureFiles, wasmUrl: qrWasmUrl() } : {}),
        ...(password !== undefined ? { password } : {}),
      },
      onProgress,
    );
    cancelImport.current = run.cancel;
    return unwrap(await run.result, 'done').summary;
  };
  const review = async (s: ImportSummary): Promise<ScanReply> =>
    request({
      type: 'import-review',
      items: s.items.map((i) => ({
        uri: i.uri,
        warnings: i.warnings.slice(0, 20),
        ...(i.carries ? { carries: i.carries } : {}),
      })),
    });

  return (
    <div class="options">
      <header class="options-header">
        <Brand subtitle={t('options_subtitle')} />
        <nav aria-label={t('options_nav_label')}>
          <a href="#backup">{t('options_nav_backup')}</a> <a href="#restore">{t('options_nav_restore')}</a>{' '}
          <a href="#import">{t('options_nav_import')}</a> <a href="#export">{t('options_nav_export')}</a>{' '}
          <a href="#security-keys">{t('prfui_heading')}</a> <a href="#sync">{t('syncui_heading')}</a>{' '}
          <a href="#deleted">{t('organise_deleted_title')}</a>
        </nav>
      </header>
      {phase === 'loading' && <p role="status">{t('options_loading')}</p>}
      {phase === 'failed' && (
        <p class="error" role="alert">
          {t('options_no_answer', failure)}
        </p>
      )}
      {phase === 'none' && (
        <p class="notice" id="options-no-vault">
          {t('options_no_vault')}
        </p>
      )}
      {phase === 'locked' && (
        <UnlockView
          onUnlock={async (password) => {
            await sendRequest({ type: 'vault-unlock', password });
            await refresh();
          }}
          keyUnlock={keyUnlock}
        />
      )}
      {phase === 'unlocked' && (
        <main class="options-main">
          <BackupPanel
            status={status}
            onBackup={async (password, masterPassword) => {
              const file = await request({ type: 'backup-create', password, masterPassword });
              saveTextFile(file.fileName, file.text);
              return file;
            }}
            onSaved={async (created) => {
              await request({ type: 'backup-saved', created });
              setStatus(await request({ type: 'backup-status' }));
            }}
          />
          <RestorePanel
            onPreview={async (text, password) => {
              restoreKey.current = undefined;
              // Derived once, in a worker of this page; preview and apply send the key with the file.
              const key = await deriveKeyInWorker(text, password);
              restoreKey.current = { text, key };
              return request({ type: 'restore-preview', text, key });
            }}
            onApply={async (text, mode, take, expectRemoved) => {
              const held = restoreKey.current;
              if (held?.text !== text) throw new TwofoldError('changed', t('options_restore_changed'));
              const r = await request({ type: 'restore-apply', text, key: held.key, mode, take, expectRemoved });
              restoreKey.current = undefined;
              refreshAfterChange();
              return r;
            }}
          />
          <ImportPanel
            detect={detect}
            read={read}
            cancel={() => cancelImport.current()}
            review={review}
            save={async (items, summary) => {
              const extras = new Map(summary.items.map((i) => [keyOfUri(i.uri), i]));
              const r = await request({
                type: 'enrol',
                items: items.map((item) => {
                  const from = extras.get(keyOfUri(item.uri));
                  const groups = from?.groups.length ? t('options_import_groups_note', from.groups.join(', ')) : '';
                  const notes = [from?.notes ?? '', groups].filter(Boolean).join('\n');
                  return {
                    ...item,
                    ...(notes ? { notes: notes.slice(0, 10_000) } : {}),
                    pinned: from?.pinned ?? false,
                    ...(from?.group ? { group: from.group } : {}),
                  };
                }),
              });
              refreshAfterChange();
              return { added: r.added.length, updated: r.updated.length };
            }}
          />
          <ExportPanel
            accounts={accounts.map((a) => ({ id: a.id, name: displayName(a), account: a.account }))}
            onFile={async (format, ids, password, masterPassword) => {
              const file = await request({
                type: 'export-file',
                format,
                ids,
                masterPassword,
                ...(password ? { password } : {}),
              });
              saveTextFile(file.fileName, file.text, file.type);
              return file;
            }}
            onMigration={(ids, masterPassword) => request({ type: 'export-migration', ids, masterPassword })}
            onSheet={async (ids, masterPassword) =>
              (await request({ type: 'export-sheet', ids, masterPassword })).entries
            }
            onPrint={() => window.print()}
          />
          <SecurityKeysPanel {...securityKeys} />
          <SyncPanel api={sync} clock={clock} />
          <RecentlyDeleted api={trash} now={clock.now} onRestored={refreshAfterChange} />
        </main>
      )}
    </div>
  );
}
