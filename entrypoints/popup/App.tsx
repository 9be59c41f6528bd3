import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { displayName } from '../../components/AccountRow';
import { type AddRequest, AddView } from '../../components/AddView';
import { type AccountPatch, EditView } from '../../components/EditView';
import { SettingsView } from '../../components/SettingsView';
import { SetupView } from '../../components/SetupView';
import { Toast } from '../../components/Toast';
import { UnlockView } from '../../components/UnlockView';
import type { Settings } from '../../lib/vault/settings';
import { createClock } from './clock';
import { MainScreen } from './MainScreen';
import { useActivity } from './use-activity';
import { useTabStatus } from './use-tab-status';
import { useToast } from './use-toast';
import { useVault } from './use-vault';

type Route = { view: 'main' } | { view: 'add' } | { view: 'edit'; id: string } | { view: 'settings' };

const clock = createClock();

/** Where focus goes when a view opens (its first field), and back on the list (what opened it). */
const FIRST_FIELD: Record<Route['view'], string> = {
  main: '',
  add: '#add-uri',
  edit: '#edit-issuer',
  settings: '#auto-lock',
};

export function App() {
  const vault = useVault();
  const { phase, request, setAccounts } = vault;
  const tabStatus = useTabStatus();
  const [toastText, toast] = useToast();
  const [route, setRoute] = useState<Route>({ view: 'main' });
  const opener = useRef('');
  useActivity(phase === 'unlocked');

  const open = useCallback(
    (next: Route, from: string) => {
      opener.current = from;
      toast('', 0);
      setRoute(next);
    },
    [toast],
  );
  const home = useCallback(() => setRoute({ view: 'main' }), []);

  // Locking (by hand or by the background) closes whatever view was open; unlocking starts at the list.
  useLayoutEffect(() => {
    setRoute({ view: 'main' });
    opener.current = phase === 'unlocked' ? '#search' : '';
  }, [phase]);

  // Move focus with the view: into a view's first field, or back to the control that opened it.
  useLayoutEffect(() => {
    if (phase !== 'unlocked') return;
    const target = route.view === 'main' ? opener.current : FIRST_FIELD[route.view];
    if (!target) return;
    const el =
      document.querySelector<HTMLElement>(target) ?? (route.view === 'main' ? document.getElementById('search') : null);
    el?.focus();
  }, [route, phase]);

  const add = useCallback(
    async (req: AddRequest) => {
      const { account, warnings } = await request({ type: 'account-add', ...req });
      setAccounts((list) => [...list, account]);
      opener.current = '#add';
      setRoute({ view: 'main' });
      const added = `Added ${displayName(account)}.`;
      toast(warnings.length > 0 ? `${added} ${warnings.join(' ')}` : added, warnings.length > 0 ? 8000 : 3000);
    },
    [request, setAccounts, toast],
  );

  const settingsApi = useMemo(
    () => ({
      load: async () => (await request({ type: 'settings-get' })).settings,
      save: async (settings: Settings) => void (await request({ type: 'settings-set', settings })),
      changePassword: async (current: string, next: string) =>
        void (await request({ type: 'vault-change-password', current, next })),
    }),
    [request],
  );

  if (phase === 'loading') return <main class="screen screen-center" aria-busy="true" />;
  if (phase === 'failed') {
    return (
      <main class="screen screen-center">
        <h1>Twofold</h1>
        <p class="error" role="alert">
          Twofold could not reach its background: {vault.failure}
        </p>
        <button type="button" onClick={() => location.reload()}>
          Try again
        </button>
      </main>
    );
  }
  if (phase === 'none') return <SetupView onCreate={vault.create} />;
  if (phase === 'locked') return <UnlockView onUnlock={vault.unlock} />;

  const editing = route.view === 'edit' ? vault.accounts?.find((a) => a.id === route.id) : undefined;
  // An account deleted meanwhile cannot be edited: show the list instead of an empty page.
  const view = route.view === 'edit' && !editing ? 'main' : route.view;
  return (
    <>
      <div class="view-host" hidden={view !== 'main'}>
        <MainScreen
          vault={vault}
          clock={clock}
          tabStatus={tabStatus}
          active={view === 'main'}
          toast={toast}
          onAdd={() => open({ view: 'add' }, '#add')}
          onSettings={() => open({ view: 'settings' }, '#settings')}
          onEdit={(id) => open({ view: 'edit', id }, `li.account[data-id="${CSS.escape(id)}"] button.edit`)}
        />
      </div>
      {view === 'add' && <AddView clock={clock} onSubmit={add} onBack={home} />}
      {view === 'settings' && <SettingsView {...settingsApi} onBack={home} />}
      {view === 'edit' && editing && (
        <EditView
          key={editing.id}
          account={editing}
          clock={clock}
          onBack={home}
          onSave={async (patch: AccountPatch) => {
            const { account } = await request({ type: 'account-update', id: editing.id, patch });
            setAccounts((list) => list.map((a) => (a.id === account.id ? account : a)));
            home();
            toast('Saved.');
          }}
          onDelete={async () => {
            await request({ type: 'account-delete', id: editing.id });
            setAccounts((list) => list.filter((a) => a.id !== editing.id));
            opener.current = '#search';
            home();
            toast(`Deleted ${displayName(editing)}.`);
          }}
        />
      )}
      <Toast message={toastText} />
    </>
  );
}
