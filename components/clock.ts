import { useEffect, useState } from 'preact/hooks';

/** A ticking clock handed to components, so they never read the time themselves. */
export interface Clock {
  /** Unix time in milliseconds. */
  now(): number;
  /** Calls `listener` once a second, on the second; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/** Whole Unix seconds, updated on every tick of `clock`. */
export function useSeconds(clock: Clock): number {
  const [seconds, setSeconds] = useState(() => Math.floor(clock.now() / 1000));
  useEffect(() => {
    setSeconds(Math.floor(clock.now() / 1000));
    return clock.subscribe(() => setSeconds(Math.floor(clock.now() / 1000)));
  }, [clock]);
  return seconds;
}
