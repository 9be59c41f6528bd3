import { t } from '../lib/i18n/translate';

/** The steps of the first run, in order; `done` marks where the person is. */
export function FirstRunSteps({ passwordSet }: { passwordSet: boolean }) {
  const steps = [
    { id: 'password', label: t('welcome_step_password'), done: passwordSet },
    { id: 'pin', label: t('welcome_step_pin'), done: false },
    { id: 'accounts', label: t('welcome_step_accounts'), done: false },
  ];
  const current = passwordSet ? 'pin' : 'password';
  return (
    <nav aria-label={t('welcome_steps_label')}>
      <ol class="firstrun-steps" id="firstrun-steps">
        {steps.map((s) => (
          <li
            key={s.id}
            data-step={s.id}
            class={s.done ? 'done' : s.id === current ? 'current' : undefined}
            aria-current={s.id === current ? 'step' : undefined}
          >
            {s.label}
            {s.done && <span class="visually-hidden"> {t('welcome_step_done')}</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}
