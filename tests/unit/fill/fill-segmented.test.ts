// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { FillError } from '../../../lib/fill/errors';
import { fillCode } from '../../../lib/fill/fill';
import { html, inputs, record } from './helpers';

function fillError(fn: () => unknown): FillError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FillError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

const SIX_BOXES = Array.from({ length: 6 }, (_, i) => `<input class="box" maxlength="1" data-i="${i}">`).join('');

beforeEach(() => html(''));

describe('fillCode: segmented boxes', () => {
  it('(a) no handlers: one character per box, focus moving box to box', () => {
    html(SIX_BOXES);
    const boxes = inputs('.box');
    const focused: number[] = [];
    for (const [i, b] of boxes.entries()) b.addEventListener('focus', () => focused.push(i));
    const seen = boxes.map((b) => record(b));
    const result = fillCode(boxes, '123456');
    expect(result.valueAfter).toBe('123456');
    expect(result.filled).toEqual(boxes);
    expect(boxes.map((b) => b.value)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(focused).toEqual([0, 1, 2, 3, 4, 5]);
    expect(document.activeElement).toBe(boxes[5]);
    for (const [i, s] of seen.entries()) {
      expect(s.map((e) => e.type)).toEqual(
        i < 5
          ? ['focus', 'keydown', 'keypress', 'beforeinput', 'input', 'keyup', 'change', 'blur']
          : ['focus', 'keydown', 'keypress', 'beforeinput', 'input', 'keyup', 'change'],
      );
      expect(s.find((e) => e.type === 'input')).toMatchObject({ inputType: 'insertText', data: String(i + 1) });
    }
  });

  it('(b) a page that moves focus to the next box on input ends with each digit once', () => {
    html(SIX_BOXES);
    const boxes = inputs('.box');
    const inputsPerBox = boxes.map(() => 0);
    boxes.forEach((b, i) => {
      b.addEventListener('input', () => {
        inputsPerBox[i] = (inputsPerBox[i] ?? 0) + 1;
        if (b.value.length === 1) boxes[i + 1]?.focus();
      });
    });
    expect(fillCode(boxes, '987654').valueAfter).toBe('987654');
    expect(inputsPerBox).toEqual([1, 1, 1, 1, 1, 1]);
    expect(document.activeElement).toBe(boxes[5]);
  });

  it('(b2) a page that auto-advances on keyup (older OTP plugins) ends with each digit once', () => {
    html(SIX_BOXES);
    const boxes = inputs('.box');
    boxes.forEach((b, i) => {
      b.addEventListener('keyup', (e) => {
        if (/^\d$/.test(e.key) && b.value.length === 1) boxes[i + 1]?.focus();
      });
    });
    expect(fillCode(boxes, '135790').valueAfter).toBe('135790');
  });

  it('(c) a page that spreads a pasted value across the boxes ends with each digit once', () => {
    html(SIX_BOXES.replaceAll('maxlength="1"', ''));
    const boxes = inputs('.box');
    boxes.forEach((b, i) => {
      b.addEventListener('input', () => {
        // The "paste anywhere" pattern: whatever landed in box i is split over boxes i, i+1, …
        const chars = [...b.value.replace(/\D/g, '')];
        if (chars.length === 0) return;
        chars.forEach((c, k) => {
          const target = boxes[i + k];
          if (target) target.value = c;
        });
        boxes[Math.min(i + chars.length, boxes.length - 1)]?.focus();
      });
    });
    expect(fillCode(boxes, '246810').valueAfter).toBe('246810');
    expect(boxes.map((b) => b.value)).toEqual(['2', '4', '6', '8', '1', '0']);
  });

  it('(c2) a page that spreads InputEvent.data from the first box works too', () => {
    html(SIX_BOXES);
    const boxes = inputs('.box');
    boxes.forEach((b, i) => {
      b.addEventListener('input', (e) => {
        const data = (e as InputEvent).data ?? '';
        [...data].forEach((c, k) => {
          const target = boxes[i + k];
          if (target) target.value = c;
        });
        boxes[i + data.length]?.focus();
      });
    });
    expect(fillCode(boxes, '112233').valueAfter).toBe('112233');
  });

  it('replaces what boxes held before', () => {
    html(SIX_BOXES);
    const boxes = inputs('.box');
    for (const b of boxes) b.value = '0';
    expect(fillCode(boxes, '123456').valueAfter).toBe('123456');
  });

  it('refuses fewer boxes than characters, without touching any box', () => {
    html(SIX_BOXES);
    const boxes = inputs('.box').slice(0, 4);
    const e = fillError(() => fillCode(boxes, '123456'));
    expect(e.code).toBe('too-few-boxes');
    expect(e.message).toMatch(/6 characters.*only 4 boxes/);
    expect(boxes.map((b) => b.value).join('')).toBe('');
  });

  it('refuses more boxes than characters', () => {
    html(SIX_BOXES);
    expect(fillError(() => fillCode(inputs('.box'), '12345')).code).toBe('too-many-boxes');
  });

  it('checks every box before filling any: one disabled box refuses the whole fill', () => {
    html(SIX_BOXES);
    const boxes = inputs('.box');
    (boxes[4] as HTMLInputElement).disabled = true;
    const e = fillError(() => fillCode(boxes, '123456'));
    expect(e.code).toBe('field-disabled');
    expect(e.fieldIndex).toBe(4);
    expect(boxes.map((b) => b.value).join('')).toBe('');
  });

  it('refuses the same box twice and boxes with maxlength 0', () => {
    html(SIX_BOXES);
    const boxes = inputs('.box');
    const twice = [...boxes.slice(0, 5), boxes[0] as HTMLInputElement];
    expect(fillError(() => fillCode(twice, '123456')).code).toBe('duplicate-field');
    boxes[2]?.setAttribute('maxlength', '0');
    expect(fillError(() => fillCode(boxes, '123456')).code).toBe('too-long');
  });

  it('stops with field-detached if the page removes a box mid-fill', () => {
    html(SIX_BOXES);
    const boxes = inputs('.box');
    boxes[0]?.addEventListener('input', () => boxes[3]?.remove());
    const e = fillError(() => fillCode(boxes, '123456'));
    expect(e.code).toBe('field-detached');
    expect(e.fieldIndex).toBe(3);
  });
});
