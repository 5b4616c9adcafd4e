/**
 * After a client-side navigation, moves focus to the new page's heading, so a screen reader
 * announces the page and keyboard users continue from its top (the browser does this on a
 * full page load, a single-page app must do it itself). The first visible h1 in <main>, made
 * focusable without entering the tab order; <main> itself when the page has no heading yet
 * (still loading).
 */
export function focusPageHeading(root: Document = document): void {
  const main = root.getElementById('main');
  if (!main) return;
  const heading = [...main.querySelectorAll<HTMLElement>('h1')].find((h) => !h.closest('[hidden]'));
  if (heading && !heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
  (heading ?? main).focus();
}
