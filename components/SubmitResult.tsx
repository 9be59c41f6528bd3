/** What a form's last action or check came to: a success announced politely, a failure as an alert. */
export interface Outcome {
  ok: boolean;
  message: string;
}

/** The one line a form shows under its button (`useSubmit().result`); nothing when there is nothing to say. */
export function SubmitResult({ id, result }: { id?: string; result: Outcome | undefined }) {
  if (!result) return null;
  return (
    <p id={id} class={result.ok ? 'success' : 'error'} role={result.ok ? 'status' : 'alert'}>
      {result.message}
    </p>
  );
}
