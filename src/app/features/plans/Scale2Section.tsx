// SpO2 Scale 2 decisions (issue #12 point 6): made and ended only here, with who, when and
// why, by the roles the municipality allows; each is a record of its own (core's
// Scale2Change), never a switch on a set. The vitals form shows which scale applies and why.
import { useId, useState, type FormEvent } from 'react';
import type { ClinicalActor } from '../../../core/actor';
import { actorText } from '../../../core/actor';
import { scale2DecidedByText, scale2DecisionAt, type Scale2Decision } from '../../../core/news2/scale2';
import {
  checkScale2ChangeAgainst,
  decisionRef,
  SCALE2_REASON_MAX_LENGTH,
  validateScale2Change,
  type Scale2Change,
} from '../../../core/news2/scale2Change';
import type { PatientView } from '../../../offline/api';
import { formatDate, formatDateTime } from '../../format/norwegian';
import { scale2Decisions } from '../news2/scale2';
import { PlanWriteBadge } from './PlanWriteBadge';

const who = (a: Scale2Decision['decidedBy']) =>
  a.role ? actorText({ ...a, role: a.role }) : scale2DecidedByText({ decidedBy: a });

function DecisionText({ d }: { d: Scale2Decision }) {
  return (
    <>
      Skala 2 besluttet av {who(d.decidedBy)} {formatDateTime(d.decidedAt)}
      {d.reason ? `: ${d.reason}` : ''}.
      {d.endedAt && (
        <>
          {' '}
          Avsluttet {formatDateTime(d.endedAt)}
          {d.endedBy ? ` av ${who(d.endedBy)}` : ''}
          {d.endReason ? `: ${d.endReason}` : ''}.
        </>
      )}
    </>
  );
}

export function Scale2Section(props: {
  patientId: string;
  view: Pick<PatientView, 'scale2' | 'planWrites'>;
  actor: ClinicalActor | undefined;
  mayWrite: boolean;
  rightsKnown: boolean;
  now: () => Date;
  newId: () => string;
  onSave: (change: Scale2Change) => Promise<void>;
}) {
  const base = useId();
  const decisions = scale2Decisions(props.view.scale2);
  const nowIso = props.now().toISOString();
  const inForce = decisions ? scale2DecisionAt(decisions, { at: nowIso }) : undefined;
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setStatus(null);
    if (!props.actor || !decisions) return;
    const at = props.now().toISOString();
    const ref = inForce ? decisionRef(inForce) : undefined;
    const input = inForce
      ? {
          kind: 'end',
          id: props.newId(),
          patientId: props.patientId,
          by: props.actor,
          at,
          reason,
          ...(ref ? { ends: ref } : { ends: {} }),
        }
      : { kind: 'start', id: props.newId(), patientId: props.patientId, by: props.actor, at, reason };
    const checked = validateScale2Change(input, { now: at });
    const issues = checked.ok ? checkScale2ChangeAgainst(checked.value, decisions) : checked.errors;
    if (!checked.ok || issues.length) {
      setErrors(issues.map((i) => i.message));
      return;
    }
    setErrors([]);
    setSaving(true);
    try {
      await props.onSave(checked.value);
      setStatus(
        checked.value.kind === 'start'
          ? 'Skala 2 er besluttet og lagret. Nye målinger skåres med skala 2.'
          : 'Skala 2 er avsluttet og lagret. Nye målinger skåres med skala 1.',
      );
      setReason('');
    } catch (err) {
      setErrors([err instanceof Error ? err.message : String(err)]);
    } finally {
      setSaving(false);
    }
  }

  const waiting = (props.view.planWrites ?? []).filter((w) => w.kind === 'scale2Decision');

  return (
    <section className="card plan-card" aria-labelledby="scale2-heading">
      <h2 id="scale2-heading">SpO₂-skala</h2>
      {decisions === undefined ? (
        <p className="notice notice--warn">Beslutninger om skala 2 er ikke hentet: skalaen er ukjent.</p>
      ) : inForce ? (
        <p>
          <strong>Skala 2 gjelder.</strong> <DecisionText d={inForce} />
        </p>
      ) : (
        <p>
          <strong>Skala 1 gjelder</strong> (ingen beslutning om skala 2 er i kraft).
        </p>
      )}
      {waiting.map((w) => (
        <PlanWriteBadge key={w.id} write={w} />
      ))}
      <p className="muted">
        Skala 2 skal bare brukes ved dokumentert hyperkapnisk respirasjonssvikt. En endring er en egen
        beslutning med hvem, når og hvorfor; den gjelder nye målinger.
      </p>
      {decisions && decisions.length > 0 && (
        <details>
          <summary>Tidligere beslutninger ({decisions.length})</summary>
          <ul>
            {[...decisions]
              .sort((a, b) => Date.parse(b.decidedAt) - Date.parse(a.decidedAt))
              .map((d) => (
                <li key={d.identifier ?? d.id ?? d.decidedAt}>
                  <DecisionText d={d} />
                </li>
              ))}
          </ul>
        </details>
      )}
      <div role="status" aria-live="polite">
        {status && <p className="notice">{status}</p>}
      </div>
      {!props.mayWrite ? (
        <p className="notice">
          Skala 2 besluttes av lege{props.rightsKnown ? ' i denne kommunen' : ''}. Du kan se beslutningen, men
          ikke endre den.
        </p>
      ) : !props.actor ? (
        <p className="notice">Din rolle er ukjent for Varde, så du kan ikke endre skala her.</p>
      ) : decisions === undefined ? null : (
        <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${base}-heading`}>
          <h3 id={`${base}-heading`}>{inForce ? 'Avslutt skala 2' : 'Beslutt skala 2'}</h3>
          <div className="field">
            <label htmlFor={`${base}-reason`}>
              {inForce ? 'Hvorfor avsluttes skala 2?' : 'Hvorfor skal skala 2 brukes?'}{' '}
              <span className="muted">(påkrevd, høyst {SCALE2_REASON_MAX_LENGTH} tegn)</span>
            </label>
            <textarea
              id={`${base}-reason`}
              rows={2}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={errors.length ? true : undefined}
              aria-describedby={errors.length ? `${base}-errors` : undefined}
            />
          </div>
          {errors.length > 0 && (
            <div id={`${base}-errors`} className="notice notice--error" role="alert">
              <p>{inForce ? 'Skala 2 er ikke avsluttet:' : 'Skala 2 er ikke besluttet:'}</p>
              <ul>
                {errors.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </div>
          )}
          <p className="muted">
            Gjelder fra nå ({formatDate(nowIso)}), besluttet av {actorText(props.actor)}.
          </p>
          <div className="form-actions">
            <button type="submit" className={inForce ? 'danger' : 'primary'} disabled={saving}>
              {saving ? 'Lagrer …' : inForce ? 'Avslutt skala 2' : 'Beslutt skala 2'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
