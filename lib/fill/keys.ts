/**
 * KeyboardEvent properties for typing one character on a US layout without modifiers (UI Events
 * KeyboardEvent code Values for `code`; UI Events "Legacy key models" for keyCode/charCode/which,
 * which older OTP widgets still read).
 */
export interface KeyProps {
  key: string;
  code: string;
  /** keydown/keyup: the virtual key code (0-9 → 48-57, a-z → 65-90); 0 when unknown. */
  keyCode: number;
  /** keypress: the character's code point. */
  charCode: number;
}

export function keyPropsFor(ch: string): KeyProps {
  const point = ch.codePointAt(0) ?? 0;
  if (/^[0-9]$/.test(ch)) return { key: ch, code: `Digit${ch}`, keyCode: point, charCode: point };
  if (/^[a-z]$/i.test(ch)) {
    const upper = ch.toUpperCase();
    return { key: ch, code: `Key${upper}`, keyCode: upper.charCodeAt(0), charCode: point };
  }
  if (ch === ' ') return { key: ch, code: 'Space', keyCode: 32, charCode: 32 };
  if (ch === '-') return { key: ch, code: 'Minus', keyCode: 189, charCode: point };
  return { key: ch, code: '', keyCode: 0, charCode: point };
}
