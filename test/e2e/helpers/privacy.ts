// Watches what a tab exposes outside the page body: every address it visits and every
// document title it shows (DOMAIN.md section 7, risk 12: no patient data in URLs or titles).
import { expect, type Page } from '@playwright/test';

export interface ExposureLog {
  urls: string[];
  titles: string[];
}

/** Starts recording; call before the first navigation of the page. */
export async function recordExposure(page: Page): Promise<ExposureLog> {
  const log: ExposureLog = { urls: [], titles: [] };
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) log.urls.push(frame.url());
  });
  await page.exposeFunction('__e2eReportTitle', (title: string) => {
    log.titles.push(title);
  });
  // Titles change without navigation in a single-page app: report each change.
  await page.addInitScript(() => {
    let last: string | null = null;
    const report = () => {
      if (document.title === last) return;
      last = document.title;
      void (window as unknown as { __e2eReportTitle(t: string): Promise<void> }).__e2eReportTitle(last);
    };
    new MutationObserver(report).observe(document, { subtree: true, childList: true, characterData: true });
  });
  return log;
}

/**
 * Asserts that no address of the app (the EPJ simulator's own pages excepted: they are the
 * EPJ, not Varde) and no title held any of the given patient facts.
 */
export function expectNoPatientDataExposed(log: ExposureLog, facts: string[]): void {
  const appUrls = log.urls.filter((u) => !new URL(u).pathname.startsWith('/epj'));
  expect(appUrls.length, 'addresses were recorded').toBeGreaterThan(0);
  expect(log.titles.length, 'titles were recorded').toBeGreaterThan(0);
  for (const fact of facts.filter((f) => f.length >= 3)) {
    for (const url of appUrls) expect(decodeURIComponent(url), `address ${url}`).not.toContain(fact);
    for (const title of log.titles) expect(title, `title "${title}"`).not.toContain(fact);
  }
}
