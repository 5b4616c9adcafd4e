// The user's clinical role, so the RCP response is worded for the reader (issue #12 point
// 2). The honest source is the FHIR server's own record of the user: the token response
// names the user (`fhirUser`, SMART App Launch 2), and the user's role is
// `PractitionerRole.code` of that practitioner, which the app reads with the access token it
// already holds (`PractitionerRole?practitioner=Practitioner/{id}`; the platform serves it
// under `patient/*.rs` and `user/*.rs`). Not a claim read out of the access token: that
// token is for the FHIR server, and the app never relies on its contents. Read once, at the
// callback, and kept with the session, so it is known offline too. Whatever goes wrong (no
// answer, no role, roles that disagree) gives undefined: the response is then worded as for
// a nurse (core's default); the risk band and the urgency are the same either way.
import type { Bundle } from '@medplum/fhirtypes';
import type { ClinicalRole } from '../../core/actor';
import { clinicalRoleFromPractitionerRoles } from '../../core/fhir/practitionerRole';
import { ehrLaunchOf, type AppConfig } from '../config/appConfig';
import { practitionerId, type SmartSession } from './session';

export async function readClinicalRole(
  session: Pick<SmartSession, 'fhirBase' | 'fhirUser' | 'accessToken'>,
  fetchFn: typeof fetch = fetch,
): Promise<ClinicalRole | undefined> {
  const id = practitionerId(session);
  if (!id) return undefined;
  const practitioner = `Practitioner/${id}`;
  try {
    const res = await fetchFn(
      `${session.fhirBase}/PractitionerRole?practitioner=${encodeURIComponent(practitioner)}`,
      {
        headers: { Authorization: `Bearer ${session.accessToken}`, Accept: 'application/fhir+json' },
        signal: AbortSignal.timeout(5000),
      },
    );
    if (!res.ok) return undefined;
    const bundle = (await res.json()) as Bundle;
    const resources = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
    return clinicalRoleFromPractitionerRoles(resources, { practitioner });
  } catch {
    return undefined;
  }
}

/**
 * The session as the app keeps it after the callback: where it keeps patient data (an EHR
 * launch per the deployment's `ehrLaunch`, standalone always the device store) and the
 * user's role.
 */
export async function withLaunchContext(
  session: SmartSession,
  config: Pick<AppConfig, 'ehrLaunch'>,
  fetchFn: typeof fetch = fetch,
): Promise<SmartSession> {
  const storage = session.kind === 'ehr' ? ehrLaunchOf(config) : undefined;
  const role = await readClinicalRole(session, fetchFn);
  return {
    ...session,
    store: storage?.store ?? 'device',
    ...(storage?.store === 'memory' ? { lock: storage.lock } : {}),
    ...(role ? { role } : {}),
  };
}
