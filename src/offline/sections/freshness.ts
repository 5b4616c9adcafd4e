// How long a section's data counts as fresh (DOMAIN.md risk 5), chosen so "stale" means
// "may well be outdated":
//   identity  24 h  (name and fødselsnummer rarely change)
//   services  24 h  (vedtak change over days or weeks)
//   vitals     4 h  (RCP's routine 4–6-hourly monitoring: a newer set may exist by then)
//   scale2    24 h
//   plans     24 h  (plans are set for weeks or months)
//   worklist  12 h  (a shift)
//   contacts  24 h  (a fastlege or a legevakt number rarely changes)
//   escalations 4 h (as vitals: a colleague may have recorded one since)
// Separate from expiry: cached data is deleted after cacheTtl (12 h, a shift) whatever
// its freshness, so stale data is labelled for at most the rest of the shift.
import type { SectionName } from '../db';

export type StaleAfter = Record<SectionName, number>;

export const DEFAULT_STALE_AFTER_MS: StaleAfter = {
  identity: 24 * 3600_000,
  services: 24 * 3600_000,
  vitals: 4 * 3600_000,
  scale2: 24 * 3600_000,
  plans: 24 * 3600_000,
  worklist: 12 * 3600_000,
  contacts: 24 * 3600_000,
  escalations: 4 * 3600_000,
};
