// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { fillCode } from '../../../lib/fill/fill';
import { type PageClock, refusalNear, submitControlOf, submitFilled, valueStuck } from '../../../lib/fill/submit';
import { SubmitError } from '../../../lib/fill/submit-errors';
import { html, input, inputs } from './helpers';

/** The page's own clock: tasks and frames as the browser runs them (happy-dom has requestAnimationFrame). */
const clock: PageClock = {
  frame: () => new Promise((r) => requestAnimationFrame(() => r())),
  task: () => new Promise((r) => setTimeout(r, 0)),
};

async function submitError(p: Promise<unknown>): Promise<SubmitError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SubmitError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

/** Counts submissions of the page's form (its submit event; the default action is prevented, as SPAs do). */
function submissions(form: HTMLFormElement): { submitter: string | undefined }[] {
  const seen: { submitter: string | undefined }[] = [];
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    seen.push({ submitter: (e as SubmitEvent).submitter?.id });
  });
  return seen;
}

beforeEach(() => html(''));

describe('submitFilled (issue 15, finding 2)', () => {
  it('waits until a model that takes the value a task later has it, then presses the submit button', async () => {
    html('<form id="f"><input id="code"><button id="go">Verify</button></form>');
    const field = input('#code');
    const form = document.getElementById('f') as HTMLFormElement;
    // An Angular-style model: copied from the input in a later task; the form submits the model.
    let model = '';
    field.addEventListener('input', () => setTimeout(() => (model = field.value), 0));
    const sent: string[] = [];
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      sent.push(model);
    });
    fillCode([field], '123456');
    await submitFilled([field], '123456', { mode: 'replace', clock });
    expect(sent).toEqual(['123456']);
  });

  it('a render on the next animation frame (a framework that defers its render) has run before the submit', async () => {
    html('<form id="f"><input id="code"><button id="go">Verify</button></form>');
    const field = input('#code');
    const form = document.getElementById('f') as HTMLFormElement;
    let rendered = '';
    field.addEventListener('input', () => requestAnimationFrame(() => (rendered = field.value)));
    const sent: string[] = [];
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      sent.push(rendered);
    });
    fillCode([field], '654321');
    await submitFilled([field], '654321', { mode: 'replace', clock });
    expect(sent).toEqual(['654321']);
  });

  it('clicks the form submit control (its click handlers run) and names it as the submitter', async () => {
    html(
      '<form id="f"><input id="code"><button type="button" id="other">Resend</button><button id="go">Verify</button></form>',
    );
    const form = document.getElementById('f') as HTMLFormElement;
    const seen = submissions(form);
    let clicked = 0;
    document.getElementById('go')?.addEventListener('click', () => clicked++);
    fillCode([input('#code')], '123456');
    await submitFilled([input('#code')], '123456', { mode: 'replace', clock });
    expect(clicked).toBe(1);
    expect(seen).toEqual([{ submitter: 'go' }]);
  });

  it('submits nothing when the page dropped or changed the value, and says so', async () => {
    html('<form id="f"><input id="code"><button>Verify</button></form>');
    const field = input('#code');
    const seen = submissions(document.getElementById('f') as HTMLFormElement);
    // A controlled input whose framework never heard of the value puts its old state back.
    field.addEventListener('input', () => setTimeout(() => (field.value = ''), 0));
    fillCode([field], '123456');
    const e = await submitError(submitFilled([field], '123456', { mode: 'replace', clock }));
    expect(e.code).toBe('not-stuck');
    expect(seen).toEqual([]);
  });

  it('submits nothing when the field left the page while it settled', async () => {
    html('<form id="f"><input id="code"><button>Verify</button></form>');
    const field = input('#code');
    fillCode([field], '123456');
    setTimeout(() => field.remove(), 0);
    expect((await submitError(submitFilled([field], '123456', { mode: 'replace', clock }))).code).toBe('field-gone');
  });

  it('segmented boxes: the concatenation must hold the code', async () => {
    html('<form id="f"><input maxlength="1"><input maxlength="1"><input maxlength="1"><button>Go</button></form>');
    const boxes = inputs('input');
    const seen = submissions(document.getElementById('f') as HTMLFormElement);
    fillCode(boxes, '123');
    await submitFilled(boxes, '123', { mode: 'replace', clock });
    expect(seen).toHaveLength(1);
    (boxes[1] as HTMLInputElement).value = '';
    expect(valueStuck(boxes, '123', 'replace')).toBe(false);
  });
});

describe('valueStuck', () => {
  it('ignores spaces and dashes an input mask adds; append mode checks the end', () => {
    html('<input id="a" value="123 456"><input id="b" value="hunter2123456">');
    expect(valueStuck([input('#a')], '123456', 'replace')).toBe(true);
    expect(valueStuck([input('#a')], '123457', 'replace')).toBe(false);
    expect(valueStuck([input('#b')], '123456', 'append')).toBe(true);
    expect(valueStuck([input('#b')], '123456', 'replace')).toBe(false);
  });
});

describe('submitControlOf', () => {
  it("the form's first submit control, else the form itself (implicit submission)", () => {
    html('<form id="f"><input id="code"><button type="button">Show</button><input type="submit" id="s"></form>');
    expect(submitControlOf(input('#code'))).toMatchObject({ kind: 'button', button: document.getElementById('s') });
    html('<form id="f"><input id="code"></form>');
    expect(submitControlOf(input('#code'))).toMatchObject({ kind: 'form', form: document.getElementById('f') });
  });

  it('refuses a disabled control: a person could not press it either', () => {
    html('<form><input id="code"><button disabled>Verify</button></form>');
    expect(() => submitControlOf(input('#code'))).toThrow(SubmitError);
  });

  it('without a form, the nearest button that says it submits; none is an error', () => {
    html('<div><input id="code"><button id="x">Cancel</button><button id="v">Verify</button></div>');
    expect(submitControlOf(input('#code'))).toMatchObject({ kind: 'button', button: document.getElementById('v') });
    html('<div><input id="code"><button>Cancel</button></div>');
    try {
      submitControlOf(input('#code'));
      expect.unreachable();
    } catch (e) {
      expect((e as SubmitError).code).toBe('no-control');
    }
  });
});

describe('refusalNear', () => {
  it('an alert with refusal words next to the field, or the field marked invalid', () => {
    html(
      '<div><p role="alert" id="err" hidden>Invalid code</p><form><input id="code"><button>Go</button></form></div>',
    );
    expect(refusalNear(input('#code'))).toBe(false);
    (document.getElementById('err') as HTMLElement).hidden = false;
    expect(refusalNear(input('#code'))).toBe(true);
    html('<form><input id="code" aria-invalid="true"></form>');
    expect(refusalNear(input('#code'))).toBe(true);
    html('<div><p role="alert">Welcome back</p><form><input id="code"></form></div>');
    expect(refusalNear(input('#code'))).toBe(false);
  });
});
