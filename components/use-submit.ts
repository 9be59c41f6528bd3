import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type Failure, failureOf } from './errors';

export interface SubmitOptions {
  /**
   * The element to focus when a failure shows (the field its code names, or the password to type again); it
   * runs once the failure is on screen, so an element that appears with the failure can be chosen.
   */
  focus?(failure: Failure): HTMLElement | null | undefined;
  /** Also select the focused field's text (a wrong password is typed again from scratch). */
  select?: boolean;
}

export interface Submit {
  /** True while an action runs: the form shows it (aria-busy, a disabled button) and ignores another submit. */
  busy: boolean;
  /** Why the last action (or check) failed, in the user's language, with the code that names a field. */
  failure: Failure | undefined;
  /** The line a form shows under its button: the failure, else what went well (`done`), else nothing. */
  result: { ok: boolean; message: string } | undefined;
  /**
   * Runs `action` unless one is running: busy meanwhile, the last failure cleared; if it throws, its failure shows
   * and focus moves (`explain` puts its message in a sentence: "Restore failed: …"). Answers whether it succeeded
   * (false when it failed or did not run).
   */
  run(action: () => Promise<void>, explain?: (message: string) => string): Promise<boolean>;
  /** Says what went well (a file saved, a backup recorded); the next run, check or clear takes it away. */
  done(message: string): void;
  /** Shows a failure a check found before anything was sent (a mismatched password, a field out of range). */
  fail(message: string, code?: string): void;
  /** Takes the failure off the screen (the field it named was edited). */
  clear(): void;
}

/**
 * The one submit pattern of the UI's forms: busy while the action runs, a second submit ignored, a thrown error
 * turned into the user's words (lib/errors.ts `failureText`), focus moved to where the person fixes it. The
 * component stays free of try/catch; an action that succeeds and unmounts the form (unlock) leaves it alone.
 */
export function useSubmit(options: SubmitOptions = {}): Submit {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure>();
  const [note, setNote] = useState('');
  const running = useRef(false);
  const mounted = useRef(true);
  const latest = useRef(options);
  latest.current = options;

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  // Focus once the failure is rendered: the field it names may only now carry aria-invalid or exist at all.
  useLayoutEffect(() => {
    if (!failure) return;
    const el = latest.current.focus?.(failure);
    el?.focus();
    if (latest.current.select && el instanceof HTMLInputElement) el.select();
  }, [failure]);

  const run = useCallback(async (action: () => Promise<void>, explain?: (message: string) => string) => {
    if (running.current) return false;
    running.current = true;
    setBusy(true);
    setFailure(undefined);
    setNote('');
    try {
      await action();
      return true;
    } catch (e) {
      const f = failureOf(e);
      if (mounted.current) setFailure(explain ? { ...f, message: explain(f.message) } : f);
      return false;
    } finally {
      running.current = false;
      if (mounted.current) setBusy(false);
    }
  }, []);
  const fail = useCallback((message: string, code?: string) => {
    setNote('');
    setFailure({ message, code });
  }, []);
  const clear = useCallback(() => {
    setNote('');
    setFailure(undefined);
  }, []);
  const done = useCallback((message: string) => {
    setFailure(undefined);
    setNote(message);
  }, []);

  return useMemo(() => {
    const result = failure ? { ok: false, message: failure.message } : note ? { ok: true, message: note } : undefined;
    return { busy, failure, result, run, done, fail, clear };
  }, [busy, failure, note, run, done, fail, clear]);
}
