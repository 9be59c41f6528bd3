/**
 * A short message at the bottom ("Copied…"). The polite live region stays in the page so screen
 * readers announce each message; `#toast` itself exists only while there is one.
 */
export function Toast({ message }: { message: string }) {
  return (
    <div class="toast-region" aria-live="polite">
      {message && (
        <div id="toast" class="toast" role="status">
          {message}
        </div>
      )}
    </div>
  );
}
