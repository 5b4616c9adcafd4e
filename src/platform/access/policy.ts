// Who may do what with which patient's data (DOMAIN.md sections 6-7). The FHIR router asks
// these questions on every request; the answers are values, and every "no" says why.
//
// - A patient/ scope reaches only the patient in the token's launch context.
// - A user/ scope reaches a patient only through a care relationship (CareTeam membership).
// - Administrators never reach clinical content, whatever their scopes say.
import type { ClinicalDirectory } from '../directory';
import { parseResourceScope } from '../smart/scopes';
import type { AccessContext } from '../smart/types';

export type Permission = 'r' | 's' | 'c';

/** Types that hold data about one patient (the patient compartment, as far as we serve it). */
export const CLINICAL_TYPES = new Set([
  'Patient',
  'Observation',
  'EpisodeOfCare',
  'ServiceRequest',
  'Flag',
  'CareTeam',
  'CarePlan',
]);

export type AccessDecision =
  | { kind: 'allowed'; via: 'patient-context' | 'care-relationship' | 'no-patient' }
  | { kind: 'denied'; reason: string };

function scopesFor(
  access: AccessContext,
  type: string,
  perm: Permission,
): { patient: boolean; user: boolean } {
  let patient = false;
  let user = false;
  for (const s of access.scopes) {
    const parsed = parseResourceScope(s);
    if (!parsed || !parsed.perms.includes(perm)) continue;
    if (parsed.resourceType !== '*' && parsed.resourceType !== type) continue;
    if (parsed.context === 'patient') patient = true;
    else user = true;
  }
  return { patient, user };
}

export interface AccessPolicy {
  /** May the token do `perm` on `type` at all (before looking at a patient)? */
  checkType(access: AccessContext, type: string, perm: Permission): AccessDecision;
  /** May the token do `perm` on `type` for this patient? */
  checkPatient(
    access: AccessContext,
    type: string,
    perm: Permission,
    patientId: string,
  ): Promise<AccessDecision>;
}

export function createAccessPolicy(directory: Pick<ClinicalDirectory, 'hasCareRelationship'>): AccessPolicy {
  const checkType = (access: AccessContext, type: string, perm: Permission): AccessDecision => {
    if (access.role === 'administrator' && CLINICAL_TYPES.has(type)) {
      return { kind: 'denied', reason: 'Administratorer har ikke tilgang til klinisk innhold.' };
    }
    const s = scopesFor(access, type, perm);
    if (!s.patient && !s.user) {
      return { kind: 'denied', reason: `Tokenet mangler scope for ${type}.${perm}.` };
    }
    return { kind: 'allowed', via: 'no-patient' };
  };

  return {
    checkType,
    async checkPatient(access, type, perm, patientId) {
      const base = checkType(access, type, perm);
      if (base.kind === 'denied') return base;
      const s = scopesFor(access, type, perm);
      if (s.patient && access.patient === patientId) return { kind: 'allowed', via: 'patient-context' };
      if (s.user && (await directory.hasCareRelationship(access.tenant, access.practitionerId, patientId))) {
        return { kind: 'allowed', via: 'care-relationship' };
      }
      if (s.patient && !s.user) {
        return { kind: 'denied', reason: 'Tokenet gjelder en annen pasient.' };
      }
      return { kind: 'denied', reason: 'Ingen tjenstlig behov (behandlingsrelasjon) med pasienten.' };
    },
  };
}
