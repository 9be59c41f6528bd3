import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/** One short message at a time; each new one replaces the last and restarts its timer. */
export function useToast(): [string, (message: string, ms?: number) => void] {
  const [message, setMessage] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const show = useCallback((text: string, ms = 3000) => {
    clearTimeout(timer.current);
    setMessage(text);
    timer.current = setTimeout(() => setMessage(''), ms);
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);
  return [message, show];
}
