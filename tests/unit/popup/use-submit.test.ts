// @vitest-environment happy-dom
import { h, render } from 'preact';
import { useRef } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Submit, useSubmit } from '../../../components/use-submit';
import { TwofoldError } from '../../../lib/errors';
import { textsOf } from '../../../lib/i18n/text';
import { setTranslator } from '../../../lib/i18n/translate';

const text = textsOf({ t_secret_bad: 'That key is not Base32.' });

let seen: Submit | undefined;
/** A form with two fields: a failure whose code is 'secret' puts focus on the key field. */
function Form() {
  const secret = useRef<HTMLInputElement>(null);
  seen = useSubmit({ focus: (f) => (f.code === 'secret' ? secret.current : null), select: true });
  return h('form', { 'aria-busy': seen.busy }, [
    h('input', { id: 'name', key: 'n' }),
    h('input', { id: 'secret', ref: secret, key: 's', value: 'XYZ!' }),
    seen.failure && h('p', { role: 'alert', key: 'e' }, seen.failure.message),
  ]);
}

const root = document.createElement('div');
document.body.append(root);
beforeAll(() =>
  setTranslator({ message: (key) => (key === 't_secret_bad' ? 'Kein Base32-Schlüssel.' : ''), language: 'de' }),
);
afterEach(() => {
  render(null, root);
  seen = undefined;
});

/** A promise the test settles by hand, to look at the form while the action runs. */
function pending() {
  let settle: { resolve(): void; reject(e: unknown): void } = { resolve() {}, reject() {} };
  const promise = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  return { promise, ...settle };
}

describe('useSubmit: the forms’ one submit pattern (issue 16)', () => {
  it('is busy while the action runs, ignores a second submit meanwhile, and is done after', async () => {
    await act(() => render(h(Form, {}), root));
    const first = pending();
    let runs = 0;
    let ran: Promise<boolean> | undefined;
    await act(() => {
      ran = seen?.run(() => {
        runs++;
        return first.promise;
      });
    });
    expect(seen?.busy).toBe(true);
    expect(root.querySelector('form')?.getAttribute('aria-busy')).toBe('true');

    let second: boolean | undefined;
    await act(async () => {
      second = await seen?.run(async () => {
        runs++;
      });
    });
    expect(second).toBe(false);
    expect(runs).toBe(1);

    await act(async () => {
      first.resolve();
      await ran;
    });
    expect(await ran).toBe(true);
    expect(seen?.busy).toBe(false);
    expect(seen?.failure).toBeUndefined();
  });

  it('shows a thrown error in the reader’s language, with its code, and focuses (and selects) the field it names', async () => {
    await act(() => render(h(Form, {}), root));
    let ok: boolean | undefined;
    await act(async () => {
      ok = await seen?.run(async () => {
        throw new TwofoldError('secret', text('t_secret_bad'));
      });
    });
    expect(ok).toBe(false);
    expect(seen?.busy).toBe(false);
    expect(seen?.failure).toEqual({ message: 'Kein Base32-Schlüssel.', code: 'secret' });
    expect(root.querySelector('[role=alert]')?.textContent).toBe('Kein Base32-Schlüssel.');
    const field = root.querySelector<HTMLInputElement>('#secret');
    expect(document.activeElement).toBe(field);
    expect([field?.selectionStart, field?.selectionEnd]).toEqual([0, 4]);
  });

  it('shows a check’s failure without running anything, and a new run clears it', async () => {
    await act(() => render(h(Form, {}), root));
    await act(() => seen?.fail('Type a name.', 'name'));
    expect(seen?.failure).toEqual({ message: 'Type a name.', code: 'name' });
    expect(document.activeElement).not.toBe(root.querySelector('#secret'));

    const running = pending();
    let ran: Promise<boolean> | undefined;
    await act(() => {
      ran = seen?.run(() => running.promise);
    });
    expect(seen?.failure).toBeUndefined();
    await act(async () => {
      running.resolve();
      await ran;
    });
  });
});
