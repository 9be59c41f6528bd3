import { localize, type MessageKey, t } from '../lib/i18n/translate';
import { passwordStrength, type Strength } from './password-strength';

const LEVEL: Record<Exclude<Strength['level'], 'empty'>, MessageKey> = {
  weak: 'add_strength_level_weak',
  fair: 'add_strength_level_fair',
  good: 'add_strength_level_good',
  strong: 'add_strength_level_strong',
};

/** "Strength: fair — add more words", with a meter; the text is the accessible reading. */
export function StrengthMeter({ id, password }: { id: string; password: string }) {
  const s = passwordStrength(password);
  return (
    <div class={`strength strength-${s.level}`} id={id} aria-live="polite">
      <meter min={0} max={4} low={2} high={3} optimum={4} value={s.score} aria-label={t('add_strength_meter_label')} />
      <span class="strength-text">
        {s.level === 'empty' ? (
          t('add_strength_empty')
        ) : (
          <>
            {t('add_strength_label')} <strong>{t(LEVEL[s.level])}</strong>
            {s.hint && <span class="strength-hint"> — {localize(s.hint)}</span>}
          </>
        )}
      </span>
    </div>
  );
}
