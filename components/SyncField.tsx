import type { ComponentChildren, InputHTMLAttributes, RefObject } from 'preact';

/**
 * One field of the sync form (components/SyncPanel.tsx): the input `sync-<name>` with its label, its hint under it
 * (`sync-<name>-hint`) and, when a failure names the field, that message (`sync-<name>-error`), which then marks the
 * input invalid and describes it with the hint.
 */
export function SyncField({
  name,
  label,
  hint,
  error,
  inputRef,
  ...input
}: {
  name: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  /** The failure's message when it names this field; else `undefined`. */
  error: string | undefined;
  inputRef: RefObject<HTMLInputElement>;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'ref' | 'label'>) {
  const id = `sync-${name}`;
  const hintId = hint === undefined ? undefined : `${id}-hint`;
  const errorId = error === undefined ? undefined : `${id}-error`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        {...input}
        aria-invalid={error !== undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
      />
      {hint !== undefined && (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      )}
      {error !== undefined && (
        <p class="error" role="alert" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}

/** One choice of where the data goes: a radio of the group `sync-engine`, its hint under it. */
export function SyncEngineChoice({
  id,
  value,
  checked,
  label,
  hint,
  onChoose,
}: {
  id: string;
  value: string;
  checked: boolean;
  label: ComponentChildren;
  hint: ComponentChildren;
  onChoose(): void;
}) {
  return (
    <>
      <label class="choice">
        <input
          type="radio"
          name="sync-engine"
          id={id}
          value={value}
          checked={checked}
          aria-describedby={`${id}-hint`}
          onChange={onChoose}
        />
        <span>{label}</span>
      </label>
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
    </>
  );
}
