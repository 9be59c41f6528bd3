import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ToastAction } from '../../components/Toast';

/**
 * A toast with an action stays at least this long: the person has to read it, decide, and reach the button. The
 * time limit itself is made adjustable as WCAG 2.2.1 "Timing Adjustable" asks (turn off, adjust or extend): it
 * stops while the pointer is over the toast or the focus is in it, starts again in full when they leave, and the
 * action has a key of its own (Ctrl+Z, ⌘Z on a Mac) that works without reaching the toast (docs/ui.md "Toasts").
 */
export const ACTION_TOAST_MS = 8000;

/**
 * Whether the event comes from a place where Ctrl+Z already means something: a text field with text in it undoes
 * typing. An empty one is left out on purpose: after a delete the focus is back in the empty search box, and the key
 * should reach the toast from there.
 */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) return target.value !== '';
  return target.isContentEditable || target.tagName === 'SELECT';
}

/** Undo is ⌘Z on a Mac and Ctrl+Z elsewhere, as in the browser's own text fields. */
export function isUndoKey(e: KeyboardEvent, mac: boolean): boolean {
  return (
    e.key.toLowerCase() === 'z' && !e.shiftKey && !e.altKey && (mac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey)
  );
}

export const onMac = (): boolean => /^Mac|^iP(hone|ad)/.test(navigator.platform);

/** The toast has the pointer or the focus (`true`) or lost both (`false`): its timer stops, then restarts in full. */
export type HoldToast = (held: boolean) => void;

/**
 * One short message at a time; each new one replaces the last and restarts its timer. An `action` ("Undo") adds a
 * button, keeps the toast up for at least {@link ACTION_TOAST_MS} and answers Ctrl+Z (⌘Z on a Mac) outside text
 * fields; running it hides the toast. A toast that goes away while it holds the focus hands it to the search box,
 * so the focus does not fall to the page's body.
 */
export function useToast(
  mac: boolean = onMac(),
): [string, (message: string, ms?: number, action?: ToastAction) => void, ToastAction | undefined, HoldToast] {
  const [state, setState] = useState<{ message: string; action?: ToastAction }>({ message: '' });
  const timer = useRef<ReturnType<typeof setTimeout>>();
  /** The shown toast's wait and whether it is held; undefined when none is shown. */
  const live = useRef<{ ms: number; held: boolean } | undefined>();

  const hide = useCallback(() => {
    clearTimeout(timer.current);
    live.current = undefined;
    const focused = document.activeElement;
    setState({ message: '' });
    if (focused instanceof Element && focused.closest('#toast')) document.getElementById('search')?.focus();
  }, []);

  const show = useCallback(
    (text: string, ms = 3000, action?: ToastAction) => {
      const focused = document.activeElement;
      if (focused instanceof Element && focused.closest('#toast')) document.getElementById('search')?.focus();
      clearTimeout(timer.current);
      const shortcut = mac ? 'Meta+Z' : 'Control+Z';
      const run = action
        ? () => {
            hide();
            action.run();
          }
        : undefined;
      setState(action && run ? { message: text, action: { label: action.label, shortcut, run } } : { message: text });
      const wait = action ? Math.max(ms, ACTION_TOAST_MS) : ms;
      live.current = { ms: wait, held: false };
      timer.current = setTimeout(hide, wait);
    },
    [hide, mac],
  );

  const hold = useCallback(
    (held: boolean) => {
      const shown = live.current;
      if (!shown || shown.held === held) return;
      shown.held = held;
      clearTimeout(timer.current);
      if (!held) timer.current = setTimeout(hide, shown.ms);
    },
    [hide],
  );

  const { action } = state;
  useEffect(() => {
    if (!action) return;
    const onKey = (e: KeyboardEvent) => {
      if (!isUndoKey(e, mac) || isTyping(e.target)) return;
      e.preventDefault();
      action.run();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [action, mac]);

  useEffect(() => () => clearTimeout(timer.current), []);
  return [state.message, show, state.action, hold];
}
