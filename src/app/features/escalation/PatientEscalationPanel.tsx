import type { News2Score } from '../../../core/news2/types';
import type { VitalSignsSet } from '../../../core/vitals/types';
import type { PatientIdentity } from '../../../offline/api';
import { grantsOf } from '../../auth/scopes';
import { useApp } from '../../state/appContext';
import { usePatient } from '../../state/patientViewContext';
import { useBaseline } from '../news2/useBaseline';
import { EscalationPanel } from './EscalationPanel';
import { sectionData } from './sectionData';

/** The signed-in clinician as a reference and a name (the session's fhirUser). */
export function callerOf(
  session: {
    fhirUser?: string;
    userName?: string;
  } | null,
): { name: string; reference: string } | undefined {
  if (!session?.fhirUser) return undefined;
  return {
    reference: session.fhirUser.replace(/^.*\/(Practitioner\/[^/]+)$/, '$1'),
    name: session.userName ?? 'ukjent navn',
  };
}

/**
 * The escalation panel for a set of the patient on screen, fed from the patient's view
 * (contacts, sets, records) and the session (who records), writing through the outbox.
 */
export function PatientEscalationPanel(props: { set: VitalSignsSet; score: News2Score }) {
  const app = useApp();
  const { patientId, view } = usePatient();
  const baseline = useBaseline(view.vitals, patientId, app.now());
  const records = (sectionData(view.escalations) ?? []).filter((r) => r.setId === props.set.id);
  // The server's grant decides before entry (auth/scopes.ts): no form whose record the outbox
  // would refuse.
  const mayRecord = !app.session || grantsOf(app.session.scope).mayWrite('Communication');
  return (
    <EscalationPanel
      set={props.set}
      score={props.score}
      identity={sectionData<PatientIdentity>(view.identity)}
      contacts={view.contacts}
      history={sectionData(view.vitals) ?? []}
      baseline={baseline}
      records={records}
      caller={callerOf(app.session)}
      recordRefusal={
        mayRecord
          ? undefined
          : `${app.session?.municipality ?? 'serveren'} har ikke gitt Varde lov til å lagre eskaleringer (skrivetilgang til Communication ble ikke gitt ved innloggingen)`
      }
      now={app.now}
      newId={() => crypto.randomUUID()}
      onRecord={(record) =>
        app.client?.recordEscalation(record, props.set) ??
        Promise.reject(new Error('Ingen lagring på enheten'))
      }
    />
  );
}
