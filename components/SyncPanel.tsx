import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { failureCode, failureText, TwofoldError } from '../lib/errors';
import { isText } from '../lib/i18n/text';
import { dateTime, listOf, t, tn } from '../lib/i18n/translate';
import type { SyncJoinPreview, SyncProbe, SyncStatusView } from '../lib/messaging/requests/sync';
import type { Clock } from './clock';
import { SubmitResult } from './SubmitResult';
import { SyncEngineChoice, SyncField } from './SyncField';
import { SyncStatusLine, sayMessage } from './SyncStatusLine';
import { useSubmit } from './use-submit';
import { useSyncStatus } from './use-sync-status';

/** The engine as the form sends it (lib/messaging/requests/sync.ts); the password is the server's, never the master. */
export type SyncEngineForm = { kind: 'webdav'; url: string; user: string; password: string } | { kind: 'storage-sync' };

/** What the panel asks of its page: the sync messages, plus the host permission asked at the click (WebDAV). */
export interface SyncApi {
  status(): Promise<SyncStatusView>;
  /** For WebDAV, asks the host permission for the URL's origin first, in the click's gesture; then `sync-probe`. */
  probe(engine: SyncEngineForm): Promise<SyncProbe>;
  start(engine: SyncEngineForm, masterPassword: string, deviceName: string): Promise<void>;
  joinPreview(
    engine: SyncEngineForm,
    remotePassword: string,
    masterPassword: string,
    deviceName: string,
  ): Promise<SyncJoinPreview>;
  join(): Promise<void>;
  syncNow(): Promise<SyncStatusView>;
  /** `sync-off`; for WebDAV the page then gives the host permission back. */
  off(removeFiles: boolean, status: SyncStatusView): Promise<void>;
}

/** The fields a failure can name: its message shows under that field, which is marked and focused. */
type FieldName = 'url' | 'user' | 'password' | 'device' | 'master' | 'remote';

/** Server and transport failures (lib/sync/errors.ts) are about the folder URL (or what is behind it). */
const URL_CODES = new Set([
  'origin-refused',
  'no-permission',
  'offline',
  'timeout',
  'forbidden',
  'not-found',
  'folder-missing',
  'conflict',
  'precondition',
  'locked',
  'server',
  'full',
  'bad-response',
]);

/**
 * Which field a refusal is about. `wrong-password` comes from two checks: the master password of this browser,
 * confirmed first like an export (lib/vault/reauth.ts, the vault's own message `core_vault_wrong_password`, and
 * `throttled` after several), and the password that must open one of the synced browsers' slots (a SyncError).
 */
export function fieldOfFailure(e: unknown, engine: SyncEngineForm['kind']): FieldName | undefined {
  const code = failureCode(e);
  const said = failureText(e);
  if (code === 'auth') return 'password';
  if (code === 'throttled') return 'master';
  if (code === 'wrong-password') return isText(said) && said.key === 'core_vault_wrong_password' ? 'master' : 'remote';
  if (engine === 'webdav' && code !== undefined && URL_CODES.has(code)) return 'url';
  return undefined;
}

/** The failure as the form shows it: the background's own words, its code the field it is about (or `form`). */
class PanelFailure extends TwofoldError {}

function aboutField(e: unknown, engine: SyncEngineForm['kind']): PanelFailure {
  return new PanelFailure(fieldOfFailure(e, engine) ?? 'form', failureText(e));
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The folder URL's first check, before the permission is asked: https, or plain http to this computer only (the
 * rule lib/sync/webdav-url.ts enforces again in the background, docs/sync-format.md "Network, permissions and CSP").
 */
function urlProblem(typed: string): string | undefined {
  if (typed === '') return t('syncui_url_missing');
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    return t('syncui_url_invalid');
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:') return LOOPBACK.has(url.hostname) ? undefined : t('syncui_https_only');
  return t('syncui_url_invalid');
}

const MAX_DEVICE_NAME = 64;

type Step =
  | { kind: 'choose' }
  | { kind: 'start' }
  | { kind: 'join'; created: number; devices: number }
  | { kind: 'preview'; preview: SyncJoinPreview };

/**
 * Settings → Sync (options page, `#sync`; docs/sync-format.md "Joining a second device"). Off: choose a WebDAV
 * folder or the browser's own sync, then start a new sync or join the one found there, after a preview of what
 * joining does. On: the status line, the synced browsers, where the data goes (never the server password), and
 * turning sync off.
 */
export function SyncPanel({ api, clock }: { api: SyncApi; clock: Clock }) {
  const sync = useSyncStatus(api.status);
  const status = sync.status;
  const heading = useRef<HTMLHeadingElement>(null);
  const on = status !== undefined && status.phase !== 'off';
  const wasOn = useRef<boolean>();

  // Turning sync on or off swaps the panel's content: the heading takes the focus so it is not lost on the body.
  useEffect(() => {
    if (status === undefined) return;
    if (wasOn.current !== undefined && wasOn.current !== on) heading.current?.focus();
    wasOn.current = on;
  }, [status, on]);

  const [offDone, setOffDone] = useState(false);

  return (
    <section class="panel sync-panel" id="sync" aria-labelledby="sync-title">
      <h2 id="sync-title" ref={heading} tabIndex={-1}>
        {t('syncui_heading')}
      </h2>
      {status === undefined && sync.failure === undefined && <p role="status">{t('syncui_loading')}</p>}
      {sync.failure !== undefined && (
        <p class="error" role="alert" id="sync-status-failure">
          {t('syncui_status_failed', sync.failure)}
        </p>
      )}
      {on && status ? (
        <SyncOn
          status={status}
          clock={clock}
          api={api}
          onSyncNow={async () => sync.show(await api.syncNow())}
          onOff={async () => {
            await sync.reload();
            setOffDone(true);
          }}
        />
      ) : (
        (status !== undefined || sync.failure !== undefined) && (
          <SyncSetup
            api={api}
            suggestedName={status?.deviceName ?? ''}
            offDone={offDone}
            onStarted={async () => {
              setOffDone(false);
              await sync.reload();
            }}
          />
        )
      )}
    </section>
  );
}

function SyncSetup({
  api,
  suggestedName,
  offDone,
  onStarted,
}: {
  api: SyncApi;
  suggestedName: string;
  offDone: boolean;
  onStarted(): Promise<void>;
}) {
  const [kind, setKind] = useState<SyncEngineForm['kind']>('webdav');
  const [url, setUrl] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [deviceName, setDeviceName] = useState(suggestedName);
  const [master, setMaster] = useState('');
  const [remote, setRemote] = useState('');
  const [same, setSame] = useState(true);
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const named = useRef(suggestedName !== '');

  // The background proposes a name ("Chrome on Linux"); it fills the field once, unless the person typed first.
  useEffect(() => {
    if (!named.current && suggestedName !== '') {
      named.current = true;
      setDeviceName((typed) => (typed === '' ? suggestedName : typed));
    }
  }, [suggestedName]);

  const inputs = {
    url: useRef<HTMLInputElement>(null),
    user: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
    device: useRef<HTMLInputElement>(null),
    master: useRef<HTMLInputElement>(null),
    remote: useRef<HTMLInputElement>(null),
  };
  const button = useRef<HTMLButtonElement>(null);

  /** The fields on screen at this step: a failure naming one that is not shows under the button instead. */
  const shown = new Set<FieldName>(['device']);
  if (kind === 'webdav') for (const f of ['url', 'user', 'password'] as const) shown.add(f);
  if (step.kind === 'join' || step.kind === 'preview') shown.add('remote');
  if (step.kind === 'start' || ((step.kind === 'join' || step.kind === 'preview') && !same)) shown.add('master');
  const placed = (code: string | undefined): FieldName | 'form' => {
    // At the first device's step the one password on screen is this browser's.
    const field = step.kind === 'start' && code === 'remote' ? 'master' : code;
    return field !== undefined && shown.has(field as FieldName) ? (field as FieldName) : 'form';
  };
  const submit = useSubmit({
    focus: (f) => {
      const field = placed(f.code);
      return field === 'form' ? button.current : inputs[field].current;
    },
    select: true,
  });
  const where = submit.failure === undefined ? undefined : placed(submit.failure.code);

  const engine: SyncEngineForm =
    kind === 'webdav' ? { kind, url: url.trim(), user: user.trim(), password } : { kind: 'storage-sync' };

  /** A change to where the data goes makes what was found there stale: back to the first step. */
  const engineEdit =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      if (step.kind !== 'choose') setStep({ kind: 'choose' });
      if (where && where !== 'form') submit.clear();
    };

  /** A refusal from the background, placed at the field it is about. */
  const refused = (x: unknown): never => {
    throw aboutField(x, engine.kind);
  };

  function onSubmit(e: Event) {
    e.preventDefault();
    if (submit.busy) return;
    submit.clear();
    const name = deviceName.trim();
    if (step.kind === 'choose') {
      if (engine.kind === 'webdav') {
        const problem = urlProblem(engine.url);
        if (problem) return submit.fail(problem, 'url');
      }
      if (name === '' || name.length > MAX_DEVICE_NAME) return submit.fail(t('syncui_device_missing'), 'device');
      void submit.run(async () => {
        // For WebDAV `probe` asks the host permission before anything is awaited: it needs this click's gesture.
        const found = await api.probe(engine).catch(refused);
        setStep(
          found.kind === 'empty' ? { kind: 'start' } : { kind: 'join', created: found.created, devices: found.devices },
        );
      });
      return;
    }
    if (name === '' || name.length > MAX_DEVICE_NAME) return submit.fail(t('syncui_device_missing'), 'device');
    if (step.kind === 'start') {
      if (master === '') return submit.fail(t('syncui_master_missing'), 'master');
      void submit.run(async () => {
        await api.start(engine, master, name).catch(refused);
        await onStarted();
      });
      return;
    }
    if (step.kind === 'join') {
      if (remote === '') return submit.fail(t('syncui_remote_missing'), 'remote');
      if (!same && master === '') return submit.fail(t('syncui_master_missing'), 'master');
      void submit.run(async () => {
        const preview = await api.joinPreview(engine, remote, same ? remote : master, name).catch((x: unknown) => {
          // With one field for both passwords, a refusal of either is about that field.
          const f = aboutField(x, engine.kind);
          throw same && f.code === 'master' ? new PanelFailure('remote', failureText(x)) : f;
        });
        setStep({ kind: 'preview', preview });
      });
    }
  }

  function confirmJoin() {
    void submit.run(async () => {
      await api.join().catch(refused);
      await onStarted();
    });
  }

  /** The failure's message when it names `field` (shown under that field), else `undefined`. */
  const errorAt = (field: FieldName) => (where === field ? (submit.failure?.message ?? '') : undefined);

  const busyText =
    step.kind === 'choose'
      ? t('syncui_checking')
      : step.kind === 'start'
        ? t('syncui_starting')
        : step.kind === 'join'
          ? t('syncui_opening')
          : t('syncui_joining');
  const buttonText =
    step.kind === 'choose'
      ? t('syncui_continue')
      : step.kind === 'start'
        ? t('syncui_start_button')
        : t('syncui_preview_button');

  /** What the form's button has under way, and the failure no field is named for. */
  const progress = (
    <>
      {submit.busy && <div class="progress-indeterminate" role="progressbar" aria-label={busyText} />}
      <SubmitResult id="sync-form-result" result={where === 'form' ? submit.result : undefined} />
    </>
  );

  return (
    <form id="sync-form" class="stack" onSubmit={onSubmit} aria-busy={submit.busy} noValidate>
      {offDone && (
        <p class="success" role="status" id="sync-off-done">
          {t('syncui_off_done')}
        </p>
      )}
      <p class="hint">{t('syncui_intro')}</p>
      <fieldset class="group">
        <legend>{t('syncui_engine_legend')}</legend>
        <SyncEngineChoice
          id="sync-engine-webdav"
          value="webdav"
          checked={kind === 'webdav'}
          label={t('syncui_engine_webdav')}
          hint={t('syncui_engine_webdav_hint')}
          onChoose={() => engineEdit(setKind)('webdav')}
        />
        <SyncEngineChoice
          id="sync-engine-storage"
          value="storage-sync"
          checked={kind === 'storage-sync'}
          label={t('syncui_engine_storage')}
          hint={t('syncui_engine_storage_hint')}
          onChoose={() => engineEdit(setKind)('storage-sync')}
        />
      </fieldset>

      {kind === 'webdav' && (
        <>
          <SyncField
            name="url"
            label={t('syncui_url_label')}
            hint={t('syncui_url_hint')}
            error={errorAt('url')}
            inputRef={inputs.url}
            type="url"
            inputMode="url"
            autocomplete="url"
            spellcheck={false}
            placeholder="https://cloud.example.org/remote.php/dav/files/alice/" // i18n-ignore: an example address
            value={url}
            onInput={(e) => engineEdit(setUrl)(e.currentTarget.value)}
          />
          <SyncField
            name="user"
            label={t('syncui_user_label')}
            error={errorAt('user')}
            inputRef={inputs.user}
            type="text"
            autocomplete="username"
            spellcheck={false}
            value={user}
            onInput={(e) => engineEdit(setUser)(e.currentTarget.value)}
          />
          <SyncField
            name="password"
            label={t('syncui_password_label')}
            hint={t('syncui_password_hint')}
            error={errorAt('password')}
            inputRef={inputs.password}
            type="password"
            autocomplete="off"
            value={password}
            onInput={(e) => engineEdit(setPassword)(e.currentTarget.value)}
          />
        </>
      )}

      <SyncField
        name="device"
        label={t('syncui_device_label')}
        hint={t('syncui_device_hint')}
        error={errorAt('device')}
        inputRef={inputs.device}
        type="text"
        maxLength={MAX_DEVICE_NAME}
        autocomplete="off"
        value={deviceName}
        onInput={(e) => {
          named.current = true;
          setDeviceName(e.currentTarget.value);
        }}
      />

      {step.kind === 'start' && (
        <div class="stack" id="sync-start">
          <p class="notice" id="sync-found">
            {t(kind === 'webdav' ? 'syncui_empty_found_webdav' : 'syncui_empty_found_storage')}
          </p>
          <SyncField
            name="master"
            label={t('syncui_master_label')}
            hint={t('syncui_master_start_hint')}
            error={errorAt('master')}
            inputRef={inputs.master}
            type="password"
            autocomplete="current-password"
            value={master}
            onInput={(e) => setMaster(e.currentTarget.value)}
          />
        </div>
      )}

      {(step.kind === 'join' || step.kind === 'preview') && (
        <div class="stack" id="sync-join">
          {step.kind === 'join' && (
            <p class="notice" id="sync-found">
              {kind === 'webdav'
                ? tn('syncui_existing_webdav', step.devices, dateTime(step.created))
                : tn('syncui_existing_storage', step.devices, dateTime(step.created))}
            </p>
          )}
          <label class="choice">
            <input
              type="checkbox"
              id="sync-same-password"
              checked={same}
              disabled={step.kind === 'preview'}
              onChange={(e) => {
                setSame(e.currentTarget.checked);
                submit.clear();
              }}
            />
            <span>{t('syncui_same_password')}</span>
          </label>
          <SyncField
            name="remote"
            label={t(same ? 'syncui_same_label' : 'syncui_remote_label')}
            hint={t(same ? 'syncui_same_hint' : 'syncui_remote_hint')}
            error={errorAt('remote')}
            inputRef={inputs.remote}
            type="password"
            autocomplete="current-password"
            readOnly={step.kind === 'preview'}
            value={remote}
            onInput={(e) => setRemote(e.currentTarget.value)}
          />
          {!same && (
            <SyncField
              name="master"
              label={t('syncui_this_master_label')}
              error={errorAt('master')}
              inputRef={inputs.master}
              type="password"
              autocomplete="current-password"
              readOnly={step.kind === 'preview'}
              value={master}
              onInput={(e) => setMaster(e.currentTarget.value)}
            />
          )}
        </div>
      )}

      {step.kind === 'preview' ? (
        <div class="stack" id="sync-preview">
          <p id="sync-preview-text">
            {[
              tn('syncui_preview_added', step.preview.added),
              ...(step.preview.combined > 0 ? [tn('syncui_preview_combined', step.preview.combined)] : []),
              ...(step.preview.kept > 0 ? [tn('syncui_preview_kept', step.preview.kept)] : []),
              t('syncui_preview_nothing_deleted'),
            ].join(' ')}
          </p>
          {step.preview.devices.length > 0 && (
            <p class="hint" id="sync-preview-devices">
              {t('syncui_preview_devices', listOf(step.preview.devices))}
            </p>
          )}
          {progress}
          <div class="button-row">
            <button
              type="button"
              id="sync-join-confirm"
              ref={button}
              class="primary"
              disabled={submit.busy}
              onClick={confirmJoin}
            >
              {submit.busy ? busyText : t('syncui_join_button')}
            </button>
            <button
              type="button"
              id="sync-join-cancel"
              disabled={submit.busy}
              onClick={() => {
                submit.clear();
                setStep({ kind: 'choose' });
              }}
            >
              {t('syncui_cancel')}
            </button>
          </div>
        </div>
      ) : (
        <>
          {progress}
          <button type="submit" id="sync-continue" ref={button} class="primary" disabled={submit.busy}>
            {submit.busy ? busyText : buttonText}
          </button>
        </>
      )}
    </form>
  );
}

/** One line of the facts list: its term, then its value `id`. */
function Fact({
  id,
  label,
  mono,
  children,
}: {
  id: string;
  label: string;
  mono?: boolean;
  children: ComponentChildren;
}) {
  return (
    <>
      <dt>{label}</dt>
      <dd id={id} class={mono ? 'mono' : undefined}>
        {children}
      </dd>
    </>
  );
}

function SyncOn({
  status,
  clock,
  api,
  onSyncNow,
  onOff,
}: {
  status: SyncStatusView;
  clock: Clock;
  api: SyncApi;
  onSyncNow(): Promise<void>;
  onOff(): Promise<void>;
}) {
  const [removeFiles, setRemoveFiles] = useState(false);
  const [asking, setAsking] = useState(false);
  const turningOff = useSubmit();
  const offButton = useRef<HTMLButtonElement>(null);
  const webdav = status.engine === 'webdav';

  useEffect(() => {
    if (asking) document.getElementById('sync-off-yes')?.focus();
  }, [asking]);

  return (
    <div class="stack" id="sync-on">
      <SyncStatusLine status={status} clock={clock} onSyncNow={onSyncNow} />
      <dl class="sync-facts" id="sync-facts">
        <Fact id="sync-engine" label={t('syncui_engine_label')}>
          {t(webdav ? 'syncui_engine_webdav' : 'syncui_engine_storage')}
        </Fact>
        {webdav && status.url && (
          <Fact id="sync-shown-url" label={t('syncui_url_label')} mono>
            {status.url}
          </Fact>
        )}
        {webdav && status.user && (
          <Fact id="sync-shown-user" label={t('syncui_user_label')}>
            {status.user}
          </Fact>
        )}
        {status.deviceName && (
          <Fact id="sync-shown-device" label={t('syncui_device_label')}>
            {status.deviceName}
          </Fact>
        )}
      </dl>
      {!webdav && <p class="hint">{t('syncui_storage_where')}</p>}

      {status.notices.length > 0 && (
        <ul class="sync-notices" id="sync-notices" aria-label={t('syncui_notices_label')}>
          {status.notices.map((n) => (
            <li key={sayMessage(n)} class="notice">
              {sayMessage(n)}
            </li>
          ))}
        </ul>
      )}

      <h3 id="sync-devices-title">{t('syncui_devices_heading')}</h3>
      <ul class="sync-devices" id="sync-devices" aria-labelledby="sync-devices-title">
        {status.devices.map((d, i) => (
          // Two browsers may share a name: the position keeps their rows apart.
          <li key={`${i}:${d.name}`} data-self={d.self ? 'true' : undefined}>
            {d.self ? t('syncui_device_self', d.name) : d.name}
          </li>
        ))}
      </ul>
      <p class="hint" id="sync-clock-explained">
        {t('syncui_clock_explained')}
      </p>

      <div class="stack" id="sync-off">
        <h3 id="sync-off-title">{t('syncui_off_heading')}</h3>
        <p class="hint">{t('syncui_off_about')}</p>
        {webdav && (
          <p class="hint" id="sync-change-credentials">
            {t('syncui_change_credentials')}
          </p>
        )}
        {webdav && (
          <label class="choice">
            <input
              type="checkbox"
              id="sync-remove-files"
              checked={removeFiles}
              disabled={asking}
              onChange={(e) => setRemoveFiles(e.currentTarget.checked)}
            />
            <span>{t('syncui_remove_files')}</span>
          </label>
        )}
        {asking ? (
          <div class="row" id="sync-off-confirm">
            <span id="sync-off-question">
              {t(removeFiles && webdav ? 'syncui_off_confirm_remove' : 'syncui_off_confirm')}
            </span>
            <button
              type="button"
              id="sync-off-yes"
              class="danger"
              aria-describedby="sync-off-question"
              disabled={turningOff.busy}
              onClick={() =>
                void turningOff.run(async () => {
                  await api.off(removeFiles && webdav, status);
                  await onOff();
                })
              }
            >
              {t('syncui_off_yes')}
            </button>
            <button
              type="button"
              id="sync-off-no"
              disabled={turningOff.busy}
              onClick={() => {
                setAsking(false);
                requestAnimationFrame(() => offButton.current?.focus());
              }}
            >
              {t('syncui_off_no')}
            </button>
          </div>
        ) : (
          <button
            type="button"
            id="sync-off-button"
            ref={offButton}
            onClick={() => {
              turningOff.clear();
              setAsking(true);
            }}
          >
            {t('syncui_off_button')}
          </button>
        )}
        <SubmitResult id="sync-off-result" result={turningOff.result} />
      </div>
    </div>
  );
}
