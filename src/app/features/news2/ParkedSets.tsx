import { useState } from 'react';
import type { DeviceVitalSignsSet, Section } from '../../../offline/api';
import { formatDateTime } from '../../format/norwegian';
import { VITAL_PARAMETERS } from '../../../core/vitals/parameters';
import { parameterOrder, valueText } from './vitalsText';

/**
 * Measurements the server refused or that conflict with the server's copy, each with the
 * server's reason. They stay on the device until the nurse has read why and removes them:
 * nothing is lost silently (DOMAIN.md section 7, risk 10).
 */
export function ParkedSets(props: {
  section: Section<DeviceVitalSignsSet[]>;
  onDismiss: (setId: string) => Promise<void>;
}) {
  const [error, setError] = useState<string | null>(null);
  const sets =
    props.section.kind === 'ready'
      ? props.section.data
      : props.section.kind === 'unavailable'
        ? (props.section.cached?.data ?? [])
        : [];
  const parked = sets.filter((s) => s.syncState === 'needs-attention');
  if (!parked.length) return null;
  return (
    <section className="card notice--error" aria-labelledby="parked-heading">
      <h2 id="parked-heading">Trenger oppfølging</h2>
      <p>
        Disse målingene er ikke tatt imot av serveren. Les årsaken, og registrer målingen på nytt om
        nødvendig.
      </p>
      <ul>
        {parked.map((s) => (
          <li key={s.id}>
            <p>
              <strong>Målt {formatDateTime(s.effectiveDateTime)}</strong>
              {s.conflict && ' – serveren har andre verdier for samme måling'}
            </p>
            <p>Årsak: {s.problem ?? 'ukjent'}</p>
            <p className="muted">
              {parameterOrder
                .filter((p) => valueText(s, p) !== 'ukjent')
                .map((p) => `${VITAL_PARAMETERS[p].label}: ${valueText(s, p)}`)
                .join(' · ')}
            </p>
            <button
              type="button"
              onClick={() =>
                props
                  .onDismiss(s.id)
                  .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
              }
            >
              Jeg har lest årsaken – fjern fra enheten
            </button>
          </li>
        ))}
      </ul>
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
