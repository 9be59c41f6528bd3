import { useEffect, useState } from 'preact/hooks';
import { messageOf, t } from '../lib/i18n/translate';
import { Brand } from './Brand';
import { FirstRunKey, FirstRunReady, FirstRunSettings } from './FirstRunNext';
import { type BrowserFamily, FirstRunPin } from './FirstRunPin';
import { FirstRunSteps } from './FirstRunSteps';
import { FirstRunWays } from './FirstRunWays';
import { SetupForm } from './SetupView';

export interface FirstRunApi {
  /** Whether a vault exists (`none` before the master password is set). */
  state(): Promise<'none' | 'locked' | 'unlocked'>;
  /** Creates the vault with this master password. */
  create(password: string): Promise<void>;
}

type Phase = { is: 'loading' } | { is: 'failed'; why: string } | { is: 'setup' } | { is: 'ready' };

/**
 * The first-run tab (docs/first-run.md): the master password, then pinning the toolbar button, then the three ways
 * to get accounts in. A vault that already exists skips straight to the next steps; the password step never shows
 * again once it is done.
 */
export function FirstRun({
  api,
  family,
  keysOffered,
}: {
  api: FirstRunApi;
  family: BrowserFamily;
  /** The browser can unlock with a passkey or security key (Chromium with WebAuthn). */
  keysOffered: boolean;
}) {
  const [phase, setPhase] = useState<Phase>({ is: 'loading' });
  useEffect(() => {
    api.state().then(
      (s) => setPhase({ is: s === 'none' ? 'setup' : 'ready' }),
      (e: unknown) => setPhase({ is: 'failed', why: messageOf(e) }),
    );
  }, [api]);

  // Once set up, the ready message takes the focus, so a screen reader hears what to do next.
  useEffect(() => {
    if (phase.is === 'ready') document.getElementById('firstrun-ready-title')?.focus();
  }, [phase.is]);

  return (
    <div class="firstrun" id="firstrun" data-phase={phase.is}>
      <header class="firstrun-header">
        <Brand subtitle={t('welcome_subtitle')} />
        {(phase.is === 'setup' || phase.is === 'ready') && <FirstRunSteps passwordSet={phase.is === 'ready'} />}
      </header>
      <main class="firstrun-main">
        {phase.is === 'loading' && <p role="status">{t('welcome_loading')}</p>}
        {phase.is === 'failed' && (
          <p class="error" role="alert" id="firstrun-failed">
            {t('welcome_no_answer', phase.why)}
          </p>
        )}
        {phase.is === 'setup' && (
          <section class="panel firstrun-card" id="firstrun-password" aria-labelledby="firstrun-password-title">
            <h2 id="firstrun-password-title">{t('welcome_password_title')}</h2>
            <p class="hint">{t('add_setup_subtitle')}</p>
            <SetupForm
              onCreate={async (password) => {
                await api.create(password);
                setPhase({ is: 'ready' });
              }}
            />
          </section>
        )}
        {phase.is === 'ready' && (
          <>
            <FirstRunReady />
            <FirstRunPin family={family} />
            <FirstRunWays />
            {keysOffered && <FirstRunKey />}
            <FirstRunSettings />
          </>
        )}
      </main>
    </div>
  );
}
