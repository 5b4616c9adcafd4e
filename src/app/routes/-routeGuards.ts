// Where each screen may be shown, decided before it loads (TanStack `beforeLoad`) from the
// app state in the router context. Kept apart from the route files so the rules read as a
// table: the patient never comes from the URL, an EHR session stays with its patient, and a
// standalone session without a patient goes to the worklist.
import { redirect } from '@tanstack/react-router';
import type { RouterContext } from '../router';

/** Start page: a session already running goes to its screen. */
export function guardStart({ context }: { context: RouterContext }) {
  const { session, patientId } = context.app;
  if (session?.kind === 'ehr' && patientId) throw redirect({ to: '/oversikt' });
  if (session?.kind === 'standalone') throw redirect({ to: patientId ? '/oversikt' : '/pasienter' });
}

/** The worklist is for standalone sessions; an EHR launch has its patient already. */
export function guardWorklist({ context }: { context: RouterContext }) {
  const { session } = context.app;
  if (!session) throw redirect({ to: '/' });
  if (session.kind === 'ehr') throw redirect({ to: '/oversikt' });
}

/**
 * Patient screens need a session and a chosen patient. A blocked version shows its notice
 * in the layout instead (it must be seen, not redirected past), so it is let through here.
 */
export function guardPatient({ context }: { context: RouterContext }) {
  const { session, patientId, blocked } = context.app;
  if (!session) throw redirect({ to: '/' });
  if (!patientId && !blocked) throw redirect({ to: session.kind === 'standalone' ? '/pasienter' : '/' });
}
