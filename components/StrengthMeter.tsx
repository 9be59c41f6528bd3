import { passwordStrength } from './password-strength';

/** "Strength: fair — add more words", with a meter; the text is the accessible reading. */
export function StrengthMeter({ id, password }: { id: string; password: string }) {
  const s = passwordStrength(password);
  return (
    <div class={`strength strength-${s.level}`} id={id} aria-live="polite">
      <meter min={0} max={4} low={2} high={3} optimum={4} value={s.score} aria-label="Password strength" />
      <span class="strength-text">
        {s.level === 'empty' ? (
          'Strength: type a password'
        ) : (
          <>
            Strength: <strong>{s.level}</strong>
            <span class="strength-hint"> — {s.hint}</span>
          </>
        )}
      </span>
    </div>
  );
}
