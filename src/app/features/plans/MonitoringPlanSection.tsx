// The monitoring plan (issue #11 point 2): how often this patient's NEWS2 is taken in home
// care, set by a nurse or doctor with who and when; the municipality's default is 12
// months ("minst årlig, men alltid ved endring"). A new plan replaces the one in force.
import { useId, useState, type FormEvent } from 'react';
import { actorText, type ClinicalActor } from '../../../core/actor';
import {
  intervalText,
  MONITORING_PLAN_REASON_MAX_LENGTH,
  validateMonitoringPlan,
  type IntervalUnit,
  type MonitoringPlan,
  type MonitoringPlanField,
  type RoutineInterval,
} from '../../../core/plan/monitoringPlan';
import type { Issue } from '../../../core/validation';
import type { PatientView } from '../../../offline/api';
import { formatDate } from '../../format/norwegian';
import { RadioGroup } from '../forms/RadioGroup';
import { PlanWriteBadge } from './PlanWriteBadge';
import { monitoringPlanNow, plansOf, writeOf } from './planData';

const PRESETS: ReadonlyArray<{ key: string; label: string; interval?: RoutineInterval }> = [
  { key: '1wk', label: 'Hver uke', interval: { value: 1, unit: 'wk' } },
  { key: '2wk', label: 'Hver 2. uke', interval: { value: 2, unit: 'wk' } },
  { key: '1mo', label: 'Hver måned', interval: { value: 1, unit: 'mo' } },
  { key: '3mo', label: 'Hver 3. måned', interval: { value: 3, unit: 'mo' } },
  {
    key: '12mo',
    label: 'Kommunens standard: minst årlig (hver 12. måned)',
    interval: { value: 12, unit: 'mo' },
  },
  { key: 'other', label: 'Annet intervall' },
];

const UNIT_LABELS: Readonly<Record<IntervalUnit, string>> = {
  d: 'dager',
  wk: 'uker',
  mo: 'måneder',
  a: 'år',
};

export function MonitoringPlanSection(props: {
  patientId: string;
  view: Pick<PatientView, 'plans' | 'planWrites'>;
  /** Who sets a plan now; undefined: the app does not know the user's role. */
  actor: ClinicalActor | undefined;
  mayWrite: boolean;
  now: () => Date;
  newId: () => string;
  onSave: (plan: MonitoringPlan) => Promise<void>;
}) {
  const now = props.now();
  const plans = plansOf(props.view);
  const current = monitoringPlanNow(plans, props.patientId, now);
  const [preset, setPreset] = useState('1wk');
  const [value, setValue] = useState('1');
  const [unit, setUnit] = useState<IntervalUnit>('wk');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Issue<MonitoringPlanField>[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const ids = { value: useId(), unit: useId(), reason: useId(), errors: useId() };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setStatus(null);
    if (!props.actor) return;
    const chosen = PRESETS.find((p) => p.key === preset)?.interval;
    const n = Number(value.trim());
    const interval: RoutineInterval = chosen ?? { value: value.trim() === '' ? Number.NaN : n, unit };
    const plan: Record<string, unknown> = {
      id: props.newId(),
      patientId: props.patientId,
      interval,
      setBy: props.actor,
      setAt: props.now().toISOString(),
    };
    if (reason.trim()) plan.reason = reason.trim();
    const checked = validateMonitoringPlan(plan, { now: props.now().toISOString() });
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors([]);
    setSaving(true);
    try {
      await props.onSave(checked.value);
      setStatus(`Overvåkingsplanen er lagret: NEWS2 ${intervalText(checked.value.interval)}.`);
      setReason('');
    } catch (err) {
      setErrors([{ field: 'input', message: err instanceof Error ? err.message : String(err) }]);
    } finally {
      setSaving(false);
    }
  }

  const issue = (f: MonitoringPlanField) => errors.find((x) => x.field === f)?.message;

  return (
    <section className="card plan-card" aria-labelledby="monitoring-plan-heading">
      <h2 id="monitoring-plan-heading">Overvåkingsplan: hvor ofte NEWS2 tas</h2>
      {props.view.plans === undefined || props.view.plans.kind === 'loading' ? (
        <p>Henter planen …</p>
      ) : current ? (
        <p>
          <strong>NEWS2 {intervalText(current.interval)}</strong>, og alltid ved endring. Satt av{' '}
          {actorText(current.setBy)} {formatDate(current.setAt)}
          {current.reason ? `: ${current.reason}` : ''}.
        </p>
      ) : plans ? (
        <p>
          Ingen plan er satt: <strong>kommunens standard gjelder</strong> (NEWS2 minst årlig, og alltid ved
          endring).
        </p>
      ) : (
        <p className="notice notice--warn">Planen er ikke hentet til enheten. Kommunens standard er brukt.</p>
      )}
      <PlanWriteBadge write={writeOf(props.view, current?.id)} />
      <p className="muted">
        Etter en måling med risiko lav–middels eller høyere, eller NEWS2 over pasientens vanlige område,
        gjelder RCPs intervall i tillegg til planen til en ny måling er tilbake på vanlig nivå.
      </p>
      {!props.mayWrite ? (
        <p className="notice">Du har ikke rett til å sette overvåkingsplan.</p>
      ) : !props.actor ? (
        <p className="notice">Din rolle er ukjent for Varde, så du kan ikke sette planen her.</p>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="monitoring-form-heading">
          <h3 id="monitoring-form-heading">Sett ny overvåkingsplan</h3>
          <RadioGroup
            legend="Hvor ofte skal NEWS2 tas?"
            name="monitoring-interval"
            value={preset}
            options={PRESETS.map((p) => ({ value: p.key, label: p.label }))}
            onChange={setPreset}
          />
          {preset === 'other' && (
            <div className="plan-inline">
              <div className="field">
                <label htmlFor={ids.value}>Hver</label>
                <input
                  id={ids.value}
                  type="text"
                  inputMode="numeric"
                  value={value}
                  onChange={(e) => setValue(e.target.value)}
                  aria-invalid={issue('interval') ? true : undefined}
                  aria-describedby={issue('interval') ? ids.errors : undefined}
                />
              </div>
              <div className="field">
                <label htmlFor={ids.unit}>Enhet</label>
                <select id={ids.unit} value={unit} onChange={(e) => setUnit(e.target.value as IntervalUnit)}>
                  {(['d', 'wk', 'mo'] as const).map((u) => (
                    <option key={u} value={u}>
                      {UNIT_LABELS[u]}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          )}
          <div className="field">
            <label htmlFor={ids.reason}>
              Begrunnelse{' '}
              <span className="muted">(valgfritt, høyst {MONITORING_PLAN_REASON_MAX_LENGTH} tegn)</span>
            </label>
            <textarea
              id={ids.reason}
              rows={2}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={issue('reason') ? true : undefined}
            />
          </div>
          {errors.length > 0 && (
            <div id={ids.errors} className="notice notice--error" role="alert">
              <p>Planen er ikke lagret:</p>
              <ul>
                {errors.map((e) => (
                  <li key={`${e.field}-${e.message}`}>{e.message}</li>
                ))}
              </ul>
            </div>
          )}
          {status && (
            <p className="notice" role="status">
              {status}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="primary" disabled={saving}>
              {saving ? 'Lagrer …' : 'Lagre overvåkingsplan'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
