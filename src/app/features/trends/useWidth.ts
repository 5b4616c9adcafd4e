// Sizes and visibility the trend charts read from the layout.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

/**
 * The width of an element in CSS pixels: read before the first paint once the element is
 * there (`measured`), then followed with a ResizeObserver. `fallback` until then, and where
 * layout gives no width (jsdom in the unit tests).
 */
export function useWidth<E extends HTMLElement = HTMLDivElement>(fallback: number) {
  const [el, setEl] = useState<E | null>(null);
  const [width, setWidth] = useState(fallback);
  const [measured, setMeasured] = useState(false);
  useLayoutEffect(() => {
    if (!el) return;
    const read = () => setWidth(el.clientWidth || fallback);
    read();
    setMeasured(true);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(read);
    observer.observe(el);
    return () => observer.disconnect();
  }, [el, fallback]);
  // A callback ref: the element may appear only after the first render.
  const ref = useCallback((e: E | null) => setEl(e), []);
  return { ref, width, measured };
}

/**
 * False until the element has come within `margin` of the viewport, then true for good:
 * a chart below the fold is drawn when it is scrolled to, not with the screen (and before a
 * printout). Where there is no IntersectionObserver (jsdom), true at once.
 */
export function useSeen<E extends HTMLElement = HTMLDivElement>(margin = '200px') {
  const [seen, setSeen] = useState(typeof IntersectionObserver === 'undefined');
  const observer = useRef<IntersectionObserver | null>(null);
  const ref = useCallback(
    (el: E | null) => {
      observer.current?.disconnect();
      observer.current = null;
      if (!el || seen) return;
      observer.current = new IntersectionObserver(
        (entries) => {
          if (entries.some((e) => e.isIntersecting)) {
            setSeen(true);
            observer.current?.disconnect();
          }
        },
        { rootMargin: margin },
      );
      observer.current.observe(el);
    },
    [seen, margin],
  );
  // A printout has no scrolling: every chart is drawn before it.
  useEffect(() => {
    if (seen) return;
    const print = () => setSeen(true);
    window.addEventListener('beforeprint', print);
    return () => window.removeEventListener('beforeprint', print);
  }, [seen]);
  useEffect(() => () => observer.current?.disconnect(), []);
  return { ref, seen };
}
