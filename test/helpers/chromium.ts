// The system Chromium and this machine's flags (scripts/chromium.mjs), typed for the
// TypeScript suites: Playwright launches, the bench pages and Lighthouse.
// @ts-expect-error plain ESM helper shared with scripts/
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';

export interface SystemChromium {
  executablePath: string;
  args: string[];
}

/** Options for Playwright's launch; null where no Chromium or Chrome is installed. */
export function systemChromium(): SystemChromium | null {
  const executablePath = findChromium() as string | null;
  return executablePath ? { executablePath, args: [...(CHROMIUM_ARGS as string[])] } : null;
}
