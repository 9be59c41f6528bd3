/** A button on a toast ("Undo"): what it says and what it does. */
export interface ToastAction {
  label: string;
  run: () => void;
}

/**
 * A short message at the bottom ("Copied…"). The polite live region stays in the page so screen
 * readers announce each message; `#toast` itself exists only while there is one. With an action ("Undo") the toast
 * takes clicks and holds a real button, reachable with Tab like any other (docs/ui.md).
 */
export function Toast({ message, action }: { message: string; action?: ToastAction | undefined }) {
  return (
    <div class="toast-region" aria-live="polite">
      {message && (
        <div id="toast" class={action ? 'toast toast-with-action' : 'toast'} role="status">
          <span class="toast-text">{message}</span>
          {action && (
            <button type="button" id="toast-action" class="toast-action" onClick={action.run}>
              {action.label}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
