import { useSyncExternalStore } from 'react';

/**
 * A desktop-wide screen (the legevakt's 1920 px): the same breakpoint as `@media
 * (min-width: 90rem)` in styles.css. Below it the layout is the tablet's, touch-first.
 * Without matchMedia (tests, old browsers) the tablet layout is used.
 */
export const WIDE_SCREEN_QUERY = '(min-width: 90rem)';

function query(): MediaQueryList | undefined {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia(WIDE_SCREEN_QUERY)
    : undefined;
}

function subscribe(onChange: () => void): () => void {
  const q = query();
  q?.addEventListener('change', onChange);
  return () => q?.removeEventListener('change', onChange);
}

export function useWideScreen(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => query()?.matches ?? false,
    () => false,
  );
}
