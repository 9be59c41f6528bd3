/**
 * Runs `fn` at once, then at most once per `ms`: a call inside the window runs once when it ends (trailing edge),
 * so the last call is never lost. Used for reports whose latest state matters (focus that
 * went A, B, A again must end on A, or the shortcut fills the wrong frame).
 */
export function throttle(
  fn: () => void,
  ms: number,
  setTimer: (fn: () => void, ms: number) => unknown = (f, m) => setTimeout(f, m),
): () => void {
  let waiting = false;
  let again = false;
  const tick = () => {
    if (again) {
      again = false;
      fn();
      setTimer(tick, ms);
      return;
    }
    waiting = false;
  };
  return () => {
    if (waiting) {
      again = true;
      return;
    }
    waiting = true;
    fn();
    setTimer(tick, ms);
  };
}
