import { useRef } from 'preact/hooks';

/** A button on a toast ("Undo"): what it says and what it does. */
export interface ToastAction {
  label: string;
  run: () => void;
  /** Its key, as `aria-keyshortcuts` writes it ("Control+Z"), when it has one. */
  shortcut?: string;
}

/**
 * A short message at the bottom ("Copied…"). The polite live region stays in the page so screen
 * readers announce each message; `#toast` itself exists only while there is one. With an action ("Undo") the toast
 * takes clicks and holds a real button, reachable with Tab like any other; its timer waits while the pointer is over
 * it or the focus is in it (`onHold`), and the action has a key (docs/ui.md "Toasts").
 */
export function Toast({
  message,
  action,
  onHold,
}: {
  message: string;
  action?: ToastAction | undefined;
  onHold?: ((held: boolean) => void) | undefined;
}) {
  return (
    <div class="toast-region" aria-live="polite">
      {message && <ToastBox message={message} action={action} onHold={onHold} />}
    </div>
  );
}

/** The toast itself; it remembers whether the pointer and the focus are in it for as long as it is shown. */
function ToastBox({
  message,
  action,
  onHold,
}: {
  message: string;
  action: ToastAction | undefined;
  onHold: ((held: boolean) => void) | undefined;
}) {
  const over = useRef({ pointer: false, focus: false });
  const set = (part: 'pointer' | 'focus', value: boolean) => {
    over.current[part] = value;
    onHold?.(over.current.pointer || over.current.focus);
  };
  return (
    <div
      id="toast"
      class={action ? 'toast toast-with-action' : 'toast'}
      role="status"
      onPointerEnter={() => set('pointer', true)}
      onPointerLeave={() => set('pointer', false)}
      onFocusIn={() => set('focus', true)}
      onFocusOut={(e) => {
        if (!(e.relatedTarget instanceof Node && e.currentTarget.contains(e.relatedTarget))) set('focus', false);
      }}
    >
      <span class="toast-text">{message}</span>
      {action && (
        <button
          type="button"
          id="toast-action"
          class="toast-action"
          aria-keyshortcuts={action.shortcut}
          onClick={action.run}
        >
          {action.label}
        </button>
      )}
    </div>
  );
}
