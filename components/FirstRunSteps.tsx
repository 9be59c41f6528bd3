import { t } from '../lib/i18n/translate';

/**
 * The steps of the first run, in order, as a plain ordered list (it has no links, so it is not navigation). Before
 * the master password is set that step is current; after it the rest shows on one page, and pinning is only told
 * (a page cannot see whether the button was pinned), so adding accounts, the last step, becomes current and the
 * steps before it are done.
 */
export function FirstRunSteps({ passwordSet }: { passwordSet: boolean }) {
  const steps = [
    { id: 'password', label: t('welcome_step_password') },
    { id: 'pin', label: t('welcome_step_pin') },
    { id: 'accounts', label: t('welcome_step_accounts') },
  ];
  const current = passwordSet ? steps.length - 1 : 0;
  return (
    <ol class="firstrun-steps" id="firstrun-steps" aria-label={t('welcome_steps_label')}>
      {steps.map((s, i) => (
        <li
          key={s.id}
          data-step={s.id}
          class={i < current ? 'done' : i === current ? 'current' : undefined}
          aria-current={i === current ? 'step' : undefined}
        >
          {s.label}
          {i < current && <span class="visually-hidden"> {t('welcome_step_done')}</span>}
        </li>
      ))}
    </ol>
  );
}
