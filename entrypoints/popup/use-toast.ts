import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ToastAction } from '../../components/Toast';

/**
 * A toast with an action stays this much longer: the person has to read it, decide, and reach the button (WCAG 2.2.1
 * "Timing Adjustable": ten times the usual wait is not required for a toast, but a few seconds to act are).
 */
export const ACTION_TOAST_MS = 8000;

/**
 * One short message at a time; each new one replaces the last and restarts its timer. An `action` ("Undo") adds a
 * button and keeps the toast up for at least {@link ACTION_TOAST_MS}; running it hides the toast.
 */
export function useToast(): [string, (message: string, ms?: number, action?: ToastAction) => void, ToastAction?] {
  const [state, setState] = useState<{ message: string; action?: ToastAction }>({ message: '' });
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const show = useCallback((text: string, ms = 3000, action?: ToastAction) => {
    clearTimeout(timer.current);
    const hide = () => setState({ message: '' });
    setState(
      action
        ? {
            message: text,
            action: {
              label: action.label,
              run: () => {
                clearTimeout(timer.current);
                hide();
                action.run();
              },
            },
          }
        : { message: text },
    );
    timer.current = setTimeout(hide, action ? Math.max(ms, ACTION_TOAST_MS) : ms);
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);
  return [state.message, show, state.action];
}
