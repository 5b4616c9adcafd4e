import { createFileRoute, useBlocker } from '@tanstack/react-router';
import type { PatientIdentity, Section } from '../../../offline/api';
import { escalationIndicated } from '../../../core/escalation/contacts';
import { grantsOf } from '../../auth/scopes';
import { isEscalationDraftDirty } from '../../features/escalation/draftState';
import { PatientEscalationPanel } from '../../features/escalation/PatientEscalationPanel';
import { usePageTitle } from '../../features/layout/usePageTitle';
import { scale2Decisions } from '../../features/news2/scale2';
import { VitalsEntry } from '../../features/vitals/VitalsEntry';
import { useApp } from '../../state/appContext';
import { isAnyFormDirty } from '../../state/dirtyForms';
import { usePatient } from '../../state/patientViewContext';

export const Route = createFileRoute('/_pasient/maling')({ component: NewMeasurement });

function identityOf(section: Section<PatientIdentity>): PatientIdentity | undefined {
  if (section.kind === 'ready') return section.data;
  if (section.kind === 'unavailable') return section.cached?.data;
  return undefined;
}

function NewMeasurement() {
  usePageTitle('Ny måling');
  const app = useApp();
  const { patientId, view } = usePatient();
  // Leaving the form would unmount it and lose what was typed: ask first.
  const blocker = useBlocker({
    shouldBlockFn: () => isAnyFormDirty(),
    withResolver: true,
    enableBeforeUnload: false,
  });
  const sets =
    view.vitals.kind === 'ready'
      ? view.vitals.data
      : view.vitals.kind === 'unavailable'
        ? view.vitals.cached?.data
        : [];
  // The server's grant decides before entry: a form whose set could never be sent is not offered.
  const grants = app.session ? grantsOf(app.session.scope) : undefined;
  if (grants && !grants.mayWrite('Observation')) {
    return (
      <section className="card" aria-labelledby="no-write-heading">
        <h2 id="no-write-heading">Målinger kan ikke registreres her</h2>
        <p className="notice notice--warn" role="status">
          {app.session?.municipality ?? 'Serveren'} har ikke gitt Varde lov til å lagre målinger
          (skrivetilgang til Observation ble ikke gitt ved innloggingen). Registrer målingen i
          journalsystemet, eller be om tilgang og logg inn på nytt.
        </p>
        <p className="muted">Ingenting lagres på enheten, så ingen måling blir liggende usendt.</p>
      </section>
    );
  }
  const performer = app.session?.fhirUser
    ? {
        reference: app.session.fhirUser.replace(/^.*\/(Practitioner\/[^/]+)$/, '$1'),
        display: app.session.userName,
      }
    : undefined;
  return (
    <>
      {blocker.status === 'blocked' &&
        (isEscalationDraftDirty() ? (
          // The set is saved; what would be lost is the record of what was done after it.
          <div className="notice notice--warn" role="alertdialog" aria-labelledby="leave-heading">
            <p id="leave-heading">
              <strong>Eskaleringen er ikke registrert.</strong> Målingen er lagret, men går du fra siden nå,
              forsvinner det du har skrevet om hva som ble gjort.
            </p>
            <button type="button" className="primary" onClick={blocker.reset}>
              Bli på siden
            </button>{' '}
            <button type="button" onClick={blocker.proceed}>
              Forlat og forkast registreringen
            </button>
          </div>
        ) : (
          <div className="notice notice--warn" role="alertdialog" aria-labelledby="leave-heading">
            <p id="leave-heading">
              <strong>Målingen er ikke lagret.</strong> Går du fra skjemaet nå, forsvinner verdiene du har
              skrevet.
            </p>
            <button type="button" className="primary" onClick={blocker.reset}>
              Bli i skjemaet
            </button>{' '}
            <button type="button" onClick={blocker.proceed}>
              Forlat og forkast målingen
            </button>
          </div>
        ))}
      <VitalsEntry
        patientId={patientId}
        identity={identityOf(view.identity)}
        scale2={scale2Decisions(view.scale2)}
        performer={performer}
        now={app.now}
        newId={() => crypto.randomUUID()}
        onSave={(set) =>
          app.client?.recordVitals(set) ?? Promise.reject(new Error('Ingen lagring på enheten'))
        }
        syncStateOf={(id) => sets?.find((s) => s.id === id)?.syncState}
        // Issue #11 point 3: from risk low–medium ("single 3") up, whom to call, the ISBAR
        // text and the record of what was done, below the standard response.
        escalation={(saved) =>
          escalationIndicated(saved.score) ? (
            <PatientEscalationPanel set={saved.set} score={saved.score} />
          ) : null
        }
      />
    </>
  );
}
