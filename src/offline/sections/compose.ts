// From stored section records to the Section states the screens show: the generic states
// every section shares, and the sections that add nothing to them but their own data
// (identity, services, contacts). Pure: the records arrive already opened, and the clock
// arrives as an argument. Freshness limits: ./freshness.ts.
import type { PatientContacts } from '../../core/escalation/contacts';
import type { MunicipalService } from '../../core/services/types';
import type { PatientIdentity, Section } from '../api';
import type { SectionRecord } from '../db';
import type { ServicesData } from '../patientCache';

/** A section whose last fetch needed a login the device no longer has (refused refresh, 401). */
export const LOGIN_AGAIN = 'Innloggingen er utløpt. Logg inn igjen for å hente nye data.';

export interface ComposeContext {
  now: Date;
  staleAfterMs: number;
}

/** True when the record holds data that has not expired. */
export function usable(rec: SectionRecord | undefined, now: Date): boolean {
  return !!rec?.data && !!rec.fetchedAt && (!rec.expiresAt || Date.parse(rec.expiresAt) > now.getTime());
}

/**
 * The generic states: denied wins (nothing shown), then a failed last fetch (unavailable,
 * with the cached data and its age), then data, then loading.
 */
export function composeSection<T>(
  rec: SectionRecord | undefined,
  data: T | undefined,
  ctx: ComposeContext,
  toReady: (data: T, fetchedAt: string, stale: boolean) => Section<T> = (d, fetchedAt, stale) => ({
    kind: 'ready',
    data: d,
    fetchedAt,
    stale,
  }),
): Section<T> {
  const outcome = rec?.lastOutcome;
  const fetchedAt = rec?.fetchedAt;
  const cached = data !== undefined && fetchedAt ? { data, fetchedAt } : undefined;
  if (outcome?.kind === 'denied') return { kind: 'denied', reason: outcome.reason };
  if (outcome?.kind === 'unavailable') return { kind: 'unavailable', reason: outcome.reason, cached };
  if (outcome?.kind === 'login-required') {
    return { kind: 'unavailable', reason: LOGIN_AGAIN, cached };
  }
  if (cached) {
    const stale = ctx.now.getTime() - Date.parse(cached.fetchedAt) > ctx.staleAfterMs;
    return toReady(cached.data, cached.fetchedAt, stale);
  }
  return { kind: 'loading' };
}

/**
 * Section data with the device's own unsent writes laid over it: `apply(data)` is what the
 * screens show. Before the first fetch, or when the source cannot be reached with nothing
 * cached, our own writes are shown as unavailable-with-cached-data (fetchedAt ''), so a
 * set, plan, decision or record the clinician just made never vanishes from the screen.
 * `what` names the server's data in the reason ("Målinger", "Planer").
 */
export function withLocal<T, Shown = T>(
  rec: SectionRecord | undefined,
  data: T | undefined,
  empty: T,
  hasLocal: boolean,
  apply: (data: T) => Shown,
  ctx: ComposeContext,
  what: string,
): Section<Shown> {
  const section = composeSection(rec, data === undefined ? undefined : apply(data), ctx);
  if (!hasLocal) return section;
  if (section.kind === 'loading') {
    return {
      kind: 'unavailable',
      reason: `${what} fra serveren er ikke hentet ennå.`,
      cached: { data: apply(empty), fetchedAt: '' },
    };
  }
  if (section.kind === 'unavailable' && !section.cached) {
    return { ...section, cached: { data: apply(empty), fetchedAt: '' } };
  }
  return section;
}

export function identitySection(
  rec: SectionRecord | undefined,
  data: PatientIdentity | undefined,
  ctx: ComposeContext,
): Section<PatientIdentity> {
  return composeSection(rec, data, ctx);
}

export function servicesSection(
  rec: SectionRecord | undefined,
  data: ServicesData | undefined,
  ctx: ComposeContext,
): Section<MunicipalService[]> {
  const inner = composeSection(rec, data, ctx);
  switch (inner.kind) {
    case 'loading':
    case 'denied':
      return inner;
    case 'unavailable':
      return {
        kind: 'unavailable',
        reason: inner.reason,
        cached: inner.cached
          ? { data: inner.cached.data.services, fetchedAt: inner.cached.fetchedAt }
          : undefined,
      };
    case 'ready': {
      const { coverage, services } = inner.data;
      if (coverage.kind === 'not-covered') return { kind: 'not-covered', fetchedAt: inner.fetchedAt };
      if (services.length > 0)
        return { kind: 'ready', data: services, fetchedAt: inner.fetchedAt, stale: inner.stale };
      if (coverage.kind === 'covered') {
        return { kind: 'none-since', since: coverage.since, fetchedAt: inner.fetchedAt, stale: inner.stale };
      }
      // The source answered with an empty list and no coverage statement (a plain FHIR server
      // states none): ready and empty, which the screen words as "Ingen tjenester registrert
      // i kilden" with the source named; never "no services", and not "unavailable" either.
      return { kind: 'ready', data: services, fetchedAt: inner.fetchedAt, stale: inner.stale };
    }
    default:
      return inner;
  }
}

/** Whom to call, as cached (core's reader). */
export function contactsSection(
  rec: SectionRecord | undefined,
  data: PatientContacts | undefined,
  ctx: ComposeContext,
): Section<PatientContacts> {
  return composeSection(rec, data, ctx);
}
