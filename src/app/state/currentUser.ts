import type { ActorRef } from '../../core/actor';
import type { AppState } from './appContext';

/**
 * The signed-in clinician as a FHIR reference (Practitioner/{id}) with the name the
 * session holds: the performer of a set, who corrects it, who writes a comment. The
 * platform takes who from the token; this is what the device shows until it has answered.
 */
export function currentUser(app: Pick<AppState, 'session'>): ActorRef | undefined {
  const fhirUser = app.session?.fhirUser;
  if (!fhirUser) return undefined;
  const reference = fhirUser.replace(/^.*\/(Practitioner\/[^/]+)$/, '$1');
  return app.session?.userName ? { reference, display: app.session.userName } : { reference };
}
