import { SubmitError, text } from './submit-errors';

/*
 * "Submit the form after filling" (docs/auto-fill.md "What "submit after filling" does"): a framework-rendered code
 * step takes a filled value on its own schedule (Preact re-renders after the event's task; an Angular-style model
 * copies the value in a later task), so a submit in the same task as the fill posts the state from before it, and the
 * site refuses a right code. So: let the page settle (bounded), check the value stuck, then press the form's submit
 * control as a person would.
 */

/** How the content script waits for the page; a parameter so this module stays free of browser globals. */
export interface PageClock {
  /** After the page's next animation frame, or a short bounded wait where frames do not run (a background tab). */
  frame(): Promise<void>;
  /** After one macrotask (setTimeout 0): every microtask and task queued before it has run. */
  task(): Promise<void>;
}

/**
 * Waits for the page to take a fill: a task (handlers that defer to a task, zone.js-style change detection), two
 * animation frames (renders scheduled for the next frame, and their layout), and a task again (effects they queue).
 * Bounded: each frame wait is bounded by the clock, so this ends even where frames never come.
 */
export async function settle(clock: PageClock): Promise<void> {
  await clock.task();
  await clock.frame();
  await clock.frame();
  await clock.task();
}

const strip = (s: string) => s.replace(/[\s-]+/g, '');

/**
 * Whether `fields` hold `code` now: one field its whole value (or, appended to a password, its end); segmented
 * boxes their concatenation. Spaces and dashes a page's input mask adds do not count ("123 456" holds 123456).
 */
export function valueStuck(fields: readonly HTMLInputElement[], code: string, mode: 'replace' | 'append'): boolean {
  const value = strip(fields.map((f) => f.value).join(''));
  const want = strip(code);
  return mode === 'append' ? value.endsWith(want) : value === want;
}

type Control = { kind: 'button'; button: HTMLElement } | { kind: 'form'; form: HTMLFormElement };

function isSubmitControl(el: Element): el is HTMLButtonElement | HTMLInputElement {
  const tag = el.tagName.toLowerCase();
  if (tag === 'button') return ((el as HTMLButtonElement).type || 'submit') === 'submit';
  if (tag === 'input') return ['submit', 'image'].includes((el as HTMLInputElement).type);
  return false;
}

/** Words of a button that sends a code step, for pages without a <form> (SPAs), in the detector's languages. */
const SUBMIT_WORDS =
  /verify|submit|continue|sign in|log in|confirm|next|enable|weiter|anmelden|bestätigen|valider|vérifier|continuer|connexion|continuar|verificar|iniciar sesión|verifica/i;

/**
 * What a person would press to send the field: the form's first submit control (WHATWG HTML §4.10.21.2, the
 * "default button"), else the form itself (implicit submission), else, without a form, the nearest button that says
 * it submits. A disabled control is refused: a person could not press it either.
 */
export function submitControlOf(field: HTMLInputElement): Control {
  const form = field.form ?? field.closest('form');
  if (form) {
    const control = [...form.elements].find(isSubmitControl);
    if (control?.disabled) throw new SubmitError('control-disabled', text('submit_error_control_disabled'));
    return control ? { kind: 'button', button: control } : { kind: 'form', form };
  }
  const root = field.getRootNode() as Document | ShadowRoot;
  const scope = field.closest('[role=dialog], main, section, div') ?? ('body' in root ? root.body : root);
  const button = [...(scope?.querySelectorAll<HTMLElement>('button, [role=button], input[type=submit]') ?? [])].find(
    (b) => SUBMIT_WORDS.test(b.textContent || (b as HTMLInputElement).value || ''),
  );
  if (!button) throw new SubmitError('no-control', text('submit_error_no_control'));
  if ((button as HTMLButtonElement).disabled || button.getAttribute('aria-disabled') === 'true') {
    throw new SubmitError('control-disabled', text('submit_error_control_disabled'));
  }
  return { kind: 'button', button };
}

/**
 * After {@link settle}: submits the step holding `code` in `fields` by pressing its submit control (a click: the
 * page's click handlers run, then the browser's own submission with validation), or `requestSubmit()` where a form
 * has no control. Throws SubmitError (nothing is submitted) when the value did not stick, the field left the page or
 * the control is disabled or missing.
 */
export async function submitFilled(
  fields: readonly HTMLInputElement[],
  code: string,
  opts: { mode: 'replace' | 'append'; clock: PageClock },
): Promise<void> {
  await settle(opts.clock);
  const last = fields[fields.length - 1];
  if (!last || fields.some((f) => !f.isConnected)) throw new SubmitError('field-gone', text('submit_error_field_gone'));
  if (!valueStuck(fields, code, opts.mode)) throw new SubmitError('not-stuck', text('submit_error_not_stuck'));
  const control = submitControlOf(last);
  if (control.kind === 'button') control.button.click();
  else control.form.requestSubmit();
}

/** Words of a refusal shown next to a code field, in the detector's languages (en, de, fr, es). */
const REFUSAL_WORDS =
  /invalid|incorrect|wrong|not valid|failed|expired|try again|ungültig|falsch|fehlgeschlagen|abgelaufen|invalide|incorrecte?|erroné|échoué|inválido|incorrecto|erróneo|caducado/i;

/**
 * Whether the page shows a refusal next to `field` after a submit: the field marked `aria-invalid`, or an alert (role
 * alert, aria-live assertive) with refusal words in the field's form or its nearest ancestors. For code steps that
 * stay on the page (SPAs): a page that reloads shows its step again instead, which the background sees.
 */
export function refusalNear(field: HTMLInputElement): boolean {
  if (!field.isConnected) return false;
  if (field.getAttribute('aria-invalid') === 'true') return true;
  let scope: Element | null = field.form ?? field.parentElement;
  for (let i = 0; i < 3 && scope?.parentElement; i++) scope = scope.parentElement;
  const alerts = scope?.querySelectorAll('[role=alert], [aria-live=assertive], .error, .invalid-feedback') ?? [];
  return [...alerts].some((a) => !(a as HTMLElement).hidden && REFUSAL_WORDS.test(a.textContent ?? ''));
}
