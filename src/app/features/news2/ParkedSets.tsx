import { useState } from 'react';
import type { DeviceVitalSignsSet, Section } from '../../../offline/api';
import { formatDateTime } from '../../format/norwegian';
import { VITAL_PARAMETERS } from '../../../core/vitals/parameters';
import { parameterOrder, valueText } from './vitalsText';

interface Problem {
  key: string;
  /** The outbox id to dismiss. */
  id: string;
  heading: string;
  reason?: string;
  detail?: string;
  dismiss: string;
}

const valuesOf = (s: DeviceVitalSignsSet) =>
  parameterOrder
    .filter((p) => valueText(s, p) !== 'ukjent')
    .map((p) => `${VITAL_PARAMETERS[p].label}: ${valueText(s, p)}`)
    .join(' · ');

/** Every write of the device the server did not take: sets, corrections, comments. */
function problemsOf(sets: DeviceVitalSignsSet[]): Problem[] {
  const out: Problem[] = [];
  for (const s of sets) {
    const at = formatDateTime(s.effectiveDateTime);
    if (s.syncState === 'needs-attention')
      out.push({
        key: `set-${s.id}-${s.conflict ? 'c' : 'p'}`,
        id: s.id,
        heading: `Målt ${at}${s.conflict ? ' – serveren har andre verdier for samme måling' : ''}`,
        reason: s.problem,
        detail: valuesOf(s),
        dismiss: 'Jeg har lest årsaken – fjern fra enheten',
      });
    if (s.localCorrection?.syncState === 'needs-attention')
      out.push({
        key: `correction-${s.localCorrection.id}`,
        id: s.localCorrection.id,
        heading: `Rettingen «registrert feil» av målingen ${at} er ikke tatt imot`,
        reason: s.localCorrection.problem,
        detail:
          s.syncState === 'confirmed'
            ? 'Målingen teller ikke på denne enheten så lenge rettingen ligger her. Fjernes rettingen, teller målingen igjen.'
            : 'Målingen er ikke sendt, og sendes ikke uten rettingen. Fjernes rettingen, fjernes målingen også.',
        dismiss:
          s.syncState === 'confirmed'
            ? 'Jeg har lest årsaken – fjern rettingen fra enheten'
            : 'Jeg har lest årsaken – fjern målingen og rettingen fra enheten',
      });
    for (const c of s.pendingComments ?? [])
      if (c.syncState === 'needs-attention')
        out.push({
          key: `comment-${c.id}`,
          id: c.id,
          heading: `Kommentaren til målingen ${at} er ikke tatt imot`,
          reason: c.problem,
          detail: `«${c.text}»`,
          dismiss: 'Jeg har lest årsaken – fjern kommentaren fra enheten',
        });
  }
  return out;
}

/**
 * Measurements, corrections and comments the server refused or that conflict with the
 * server's copy, each with the server's reason. They stay on the device until the nurse has
 * read why and removes them: nothing is lost silently (DOMAIN.md section 7, risk 10). Give
 * it the history (every set), so a refused correction of a set that no longer counts shows.
 */
export function ParkedSets(props: {
  section: Section<DeviceVitalSignsSet[]>;
  onDismiss: (id: string) => Promise<void>;
}) {
  const [error, setError] = useState<string | null>(null);
  const sets =
    props.section.kind === 'ready'
      ? props.section.data
      : props.section.kind === 'unavailable'
        ? (props.section.cached?.data ?? [])
        : [];
  const problems = problemsOf(sets);
  if (!problems.length) return null;
  return (
    <section className="card notice--error" aria-labelledby="parked-heading">
      <h2 id="parked-heading">Trenger oppfølging</h2>
      <p>Dette er ikke tatt imot av serveren. Les årsaken, og registrer på nytt om nødvendig.</p>
      <ul>
        {problems.map((p) => (
          <li key={p.key}>
            <p>
              <strong>{p.heading}</strong>
            </p>
            <p>Årsak: {p.reason ?? 'ukjent'}</p>
            {p.detail && <p className="muted">{p.detail}</p>}
            <button
              type="button"
              onClick={() =>
                props
                  .onDismiss(p.id)
                  .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
              }
            >
              {p.dismiss}
            </button>
          </li>
        ))}
      </ul>
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
