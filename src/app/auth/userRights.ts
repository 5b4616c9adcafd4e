// Who the signed-in user is as a clinician, and what they may record, from the access
// token's claims (read, not verified: the platform verifies the token and checks every
// write again). The reference platform puts `role` (home-care-nurse, legevakt-doctor,
// kad-nurse, administrator) and `plan_rights` (monitoring-plan, personal-plan,
// scale2-decision: the municipality's rule for that role) in its tokens
// (docs/platform-api.md). Another server may say neither: then the forms are shown and
// say that the server decides.
import type { ClinicalActor, ClinicalRole } from '../../core/actor';
import { practitionerId, type SmartSession } from './session';
import { claimsOf } from './tokenClaims';

export type PlanRight = 'monitoring-plan' | 'personal-plan' | 'scale2-decision';

export interface UserRights {
  /** The clinical role, when the token says it. */
  role?: ClinicalRole;
  /** False when the token does not say what the user may record (another server). */
  known: boolean;
  may(right: PlanRight): boolean;
}

const ROLES: Readonly<Record<string, ClinicalRole>> = {
  'legevakt-doctor': 'doctor',
  'home-care-nurse': 'nurse',
  'kad-nurse': 'nurse',
};

export function userRightsOf(session: Pick<SmartSession, 'accessToken'> | null): UserRights {
  const claims = session ? claimsOf(session.accessToken) : {};
  const role = typeof claims.role === 'string' ? ROLES[claims.role] : undefined;
  const list = claims.plan_rights;
  const known = Array.isArray(list);
  const rights = new Set(known ? list.filter((r): r is string => typeof r === 'string') : []);
  return {
    ...(role ? { role } : {}),
    known,
    // Unknown: let the clinician fill in the form; the server refuses with its reason.
    may: (right) => (known ? rights.has(right) : role !== undefined),
  };
}

/** The signed-in clinician as the author of a plan or decision, when role and id are known. */
export function clinicalActorOf(
  session: SmartSession | null,
  rights: UserRights = userRightsOf(session),
): ClinicalActor | undefined {
  const id = session ? practitionerId(session) : undefined;
  if (!id || !rights.role) return undefined;
  return {
    reference: `Practitioner/${id}`,
    ...(session?.userName ? { display: session.userName } : {}),
    role: rights.role,
  };
}
