/**
 * The patient's usual NEWS2, as the panel shows it beside the standard score. Decision
 * support only: it never changes the score, risk band or response (DOMAIN.md section 4).
 */
export interface BaselineSummary {
  usualTotal: number;
  /** Usual range of the total, when known. */
  range?: { low: number; high: number };
  /** How it was derived, in Norwegian: period and number of measurements, or who set it. */
  derivation: string;
}

/** "vanlig 3 (+2)" */
export function baselineText(total: number, baseline: BaselineSummary): string {
  const diff = total - baseline.usualTotal;
  const sign = diff > 0 ? `+${diff}` : diff < 0 ? `−${Math.abs(diff)}` : '±0';
  return `vanlig ${baseline.usualTotal} (${sign})`;
}
