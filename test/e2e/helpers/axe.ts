// Accessibility check of one screen with axe-core: WCAG 2.1 A and AA rules, failing on
// serious and critical violations (minor and moderate ones are reported, not failed).
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export async function expectNoSeriousA11yViolations(page: Page, screen: string): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const describe = (v: (typeof result.violations)[number]) =>
    `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes
      .slice(0, 5)
      .map((n) => n.target.join(' '))
      .join('\n    ')}`;
  const minor = result.violations.filter((v) => !serious.includes(v));
  if (minor.length) console.log(`[axe] ${screen}, not failed:\n  ${minor.map(describe).join('\n  ')}`);
  expect(serious.map(describe), `serious or critical axe violations on ${screen}`).toEqual([]);
}
