import { fillCode } from '../../lib/fill/fill';
import { type PageClock, refusalNear, submitFilled } from '../../lib/fill/submit';
import { SubmitError } from '../../lib/fill/submit-errors';
import { sendRequest } from '../../platform/content-runtime';

/** A frame wait is bounded: a background tab runs no animation frames (HTML §8.1.7.3 "update the rendering"). */
const FRAME_BOUND_MS = 100;
/** After a submit that stays on the page (SPAs), when to look for an error next to the field. */
const REFUSAL_CHECKS_MS = [1000, 2500, 5000];

const quietly = (): void => {};

/** This frame's clock for lib/fill/submit.ts. */
const clock: PageClock = {
  frame: () =>
    new Promise((resolve) => {
      const bound = setTimeout(resolve, FRAME_BOUND_MS);
      requestAnimationFrame(() => {
        clearTimeout(bound);
        resolve();
      });
    }),
  task: () => new Promise((resolve) => setTimeout(resolve, 0)),
};

/**
 * Exchanges a one-time grant for the code and fills `fields` of `kind`; then, if the person wants that, submits the
 * step once the page has taken the value (lib/fill/submit.ts; docs/auto-fill.md, what "submit after filling" does).
 * A fill that was not submitted is reported (the offer frame says why); an error that then appears next to the field is
 * reported too, so the background can stop automatic attempts the site refuses: sites lock an account after a few
 * failures (docs/auto-fill.md "When the site refuses").
 *
 * It rejects only when the code did not go in: the grant's code refused (`fill-code`) or not fitting the fields
 * (`fillCode`). That is the fill failure the content script may show in the page; once the code is in the field,
 * nothing after it is one (the person sees the code and can send it themselves).
 */
export async function fillWithGrant(grant: string, fields: HTMLInputElement[], kind: string): Promise<void> {
  const { code, submit } = await sendRequest({ type: 'fill-code', grant });
  const mode = kind === 'password-otp' ? 'append' : 'replace';
  fillCode(fields, code, { mode });
  if (!submit) return;
  try {
    await submitFilled(fields, code, { mode, clock });
  } catch (e) {
    // A SubmitError is reported, and the offer frame says why; a lost report (the page going away) and any other
    // error (the page tore the form down mid-submit) leave the code in the field, which is all there is to show.
    if (e instanceof SubmitError) await sendRequest({ type: 'fill-not-submitted', why: e.code }).catch(quietly);
    return;
  }
  if (kind === 'totp') watchForRefusal(fields[fields.length - 1] as HTMLInputElement);
}

/** A page that stays (no navigation) shows its refusal next to the field: tell the background once. */
function watchForRefusal(field: HTMLInputElement): void {
  let told = false;
  for (const ms of REFUSAL_CHECKS_MS) {
    setTimeout(() => {
      if (told || !refusalNear(field)) return;
      told = true;
      void sendRequest({ type: 'code-field-ready', kind: 'totp', refused: true }).catch(quietly);
    }, ms);
  }
}
