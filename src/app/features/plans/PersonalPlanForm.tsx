import { useId, useState, type FormEvent } from 'react';
import type { ClinicalActor } from '../../../core/actor';
import {
  PLAN_PARAMETERS,
  PLAN_REASON_MAX_LENGTH,
  PLAN_ACTION_MAX_LENGTH,
  type PersonalPlan,
  type PlanParameter,
} from '../../../core/plan/personalPlan';
import {
  checkPlanDraft,
  issueAt,
  planDraft,
  type DraftIssue,
  type PersonalPlanDraft,
} from './personalPlanDraft';

const PARAMETER_NAME: Readonly<Record<PlanParameter, string>> = {
  news2Total: 'NEWS2 total',
  respirationRate: 'Respirasjonsfrekvens (/min)',
  spo2: 'SpO₂ (%)',
  systolicBP: 'Systolisk blodtrykk (mmHg)',
  pulse: 'Puls (/min)',
  temperature: 'Temperatur (°C)',
};

function TextInput(props: {
  id: string;
  label: string;
  value: string;
  error?: string;
  onChange: (v: string) => void;
  className?: string;
  hideLabel?: boolean;
  inputMode?: 'decimal' | 'numeric' | 'text';
}) {
  const msg = `${props.id}-msg`;
  return (
    <div className={props.className ?? 'field'}>
      <label htmlFor={props.id} className={props.hideLabel ? 'visually-hidden' : undefined}>
        {props.label}
      </label>
      <input
        id={props.id}
        type="text"
        inputMode={props.inputMode ?? 'decimal'}
        autoComplete="off"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? msg : undefined}
      />
      {props.error && (
        <p id={msg} className="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}

/**
 * The form that sets or revises the personal plan: refused at the form with core's reasons
 * (each at its input and listed above the save button, which takes focus), nothing typed lost.
 */
export function PlanForm(props: {
  patientId: string;
  actor: ClinicalActor;
  current: PersonalPlan | undefined;
  now: () => Date;
  newId: () => string;
  onSave: (plan: PersonalPlan) => Promise<void>;
  onSaved: (plan: PersonalPlan) => void;
}) {
  const base = useId();
  const [draft, setDraft] = useState<PersonalPlanDraft>(() => planDraft(props.now(), props.current));
  const [errors, setErrors] = useState<DraftIssue[]>([]);
  const [saving, setSaving] = useState(false);
  const [nextKey, setNextKey] = useState(() => draft.alerts.length + 1);

  // An edited input's own message goes at once (it may no longer be true); the rest stay
  // until the next save.
  const clear = (...path: (string | number)[]) =>
    setErrors((errs) => errs.filter((e) => !path.every((x, i) => (e.path ?? [e.field])[i] === x)));
  const set = (patch: Partial<PersonalPlanDraft>) => {
    for (const k of Object.keys(patch)) clear(k === 'target' ? 'spo2Target' : k);
    setDraft((d) => ({ ...d, ...patch }));
  };
  const setUsual = (p: PlanParameter, k: 'usual' | 'low' | 'high', v: string) => {
    clear('usualValues', p);
    setDraft((d) => ({ ...d, usual: { ...d.usual, [p]: { ...d.usual[p], [k]: v } } }));
  };
  const setAlert = (i: number, patch: Partial<PersonalPlanDraft['alerts'][number]>) => {
    clear('alerts', i);
    setDraft((d) => ({ ...d, alerts: d.alerts.map((a, j) => (j === i ? { ...a, ...patch } : a)) }));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const checked = checkPlanDraft(
      draft,
      { id: props.newId(), patientId: props.patientId, setBy: props.actor },
      props.now(),
    );
    if (!checked.ok) {
      setErrors(checked.errors);
      const first = document.getElementById(`${base}-errors`);
      first?.focus();
      return;
    }
    setErrors([]);
    setSaving(true);
    try {
      await props.onSave(checked.plan);
      props.onSaved(checked.plan);
    } catch (err) {
      setErrors([{ field: 'input', message: err instanceof Error ? err.message : String(err) }]);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-labelledby={`${base}-heading`}
      className="plan-form"
    >
      <h3 id={`${base}-heading`}>{props.current ? 'Revurder personlig plan' : 'Sett personlig plan'}</h3>
      <p className="muted">
        Planen vises ved siden av standard NEWS2 og tiltak, aldri i stedet. Fyll inn det som gjelder: vanlige
        verdier, målområde for SpO₂ eller varslingsgrenser.
      </p>
      <div className="field">
        <label htmlFor={`${base}-reason`}>
          Begrunnelse <span className="muted">(påkrevd, høyst {PLAN_REASON_MAX_LENGTH} tegn)</span>
        </label>
        <textarea
          id={`${base}-reason`}
          rows={2}
          value={draft.reason}
          onChange={(e) => set({ reason: e.target.value })}
          aria-invalid={issueAt(errors, 'reason') ? true : undefined}
          aria-describedby={issueAt(errors, 'reason') ? `${base}-reason-msg` : undefined}
        />
        {issueAt(errors, 'reason') && (
          <p id={`${base}-reason-msg`} className="field-error">
            {issueAt(errors, 'reason')}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${base}-until`}>Gjelder til (dato for revurdering, høyst 12 måneder)</label>
        <input
          id={`${base}-until`}
          type="date"
          value={draft.validUntil}
          onChange={(e) => set({ validUntil: e.target.value })}
          aria-invalid={issueAt(errors, 'validUntil') ? true : undefined}
          aria-describedby={issueAt(errors, 'validUntil') ? `${base}-until-msg` : undefined}
        />
        {issueAt(errors, 'validUntil') && (
          <p id={`${base}-until-msg`} className="field-error">
            {issueAt(errors, 'validUntil')}
          </p>
        )}
      </div>

      <table className="plan-usual">
        <caption>Vanlige verdier for pasienten (erstatter de beregnede som helhet)</caption>
        <thead>
          <tr>
            <th scope="col">Parameter</th>
            <th scope="col">Vanlig</th>
            <th scope="col">Fra</th>
            <th scope="col">Til</th>
          </tr>
        </thead>
        <tbody>
          {PLAN_PARAMETERS.map((p) => {
            const error = issueAt(errors, 'usualValues', p);
            return (
              <tr key={p} className={error ? 'plan-usual__row--error' : undefined}>
                <th scope="row">
                  {PARAMETER_NAME[p]}
                  {error && <p className="field-error">{error}</p>}
                </th>
                {(['usual', 'low', 'high'] as const).map((k) => (
                  <td key={k}>
                    <TextInput
                      id={`${base}-usual-${p}-${k}`}
                      label={`${PARAMETER_NAME[p]}: ${k === 'usual' ? 'vanlig' : k === 'low' ? 'fra' : 'til'}`}
                      hideLabel
                      className="field field--compact"
                      value={draft.usual[p][k]}
                      onChange={(v) => setUsual(p, k, v)}
                      inputMode={p === 'temperature' ? 'decimal' : 'numeric'}
                    />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>

      <fieldset>
        <legend>Målområde for SpO₂</legend>
        <div className="plan-inline">
          <TextInput
            id={`${base}-target-low`}
            label="Fra (%)"
            value={draft.target.low}
            onChange={(v) => set({ target: { ...draft.target, low: v } })}
            error={issueAt(errors, 'spo2Target')}
            inputMode="numeric"
          />
          <TextInput
            id={`${base}-target-high`}
            label="Til (%)"
            value={draft.target.high}
            onChange={(v) => set({ target: { ...draft.target, high: v } })}
            inputMode="numeric"
          />
          <div className="field">
            <label htmlFor={`${base}-target-scale`}>Gjelder SpO₂-skala</label>
            <select
              id={`${base}-target-scale`}
              value={draft.target.scale}
              onChange={(e) => set({ target: { ...draft.target, scale: e.target.value as '' | '1' | '2' } })}
            >
              <option value="">Ikke angitt</option>
              <option value="1">Skala 1</option>
              <option value="2">Skala 2</option>
            </select>
          </div>
        </div>
      </fieldset>

      <fieldset>
        <legend>Personlige varslingsgrenser og tiltak</legend>
        {draft.alerts.length === 0 && <p className="muted">Ingen varslingsgrenser.</p>}
        <ol className="plan-alerts">
          {draft.alerts.map((a, i) => {
            const id = `${base}-alert-${a.key}`;
            const n = i + 1;
            return (
              <li key={a.key} className="plan-alert">
                <div className="plan-inline">
                  <div className="field">
                    <label htmlFor={`${id}-parameter`}>Grense {n}: gjelder</label>
                    <select
                      id={`${id}-parameter`}
                      value={a.parameter}
                      onChange={(e) => setAlert(i, { parameter: e.target.value as PlanParameter })}
                    >
                      {PLAN_PARAMETERS.map((p) => (
                        <option key={p} value={p}>
                          {PARAMETER_NAME[p]}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor={`${id}-comparator`}>Grense {n}: når verdien er</label>
                    <select
                      id={`${id}-comparator`}
                      value={a.comparator}
                      onChange={(e) => setAlert(i, { comparator: e.target.value as '>=' | '<=' })}
                    >
                      <option value=">=">lik eller over (≥)</option>
                      <option value="<=">lik eller under (≤)</option>
                    </select>
                  </div>
                  <TextInput
                    id={`${id}-value`}
                    label={`Grense ${n}: verdi`}
                    value={a.value}
                    onChange={(v) => setAlert(i, { value: v })}
                    error={issueAt(errors, 'alerts', i, 'value')}
                  />
                  <div className="field">
                    <label htmlFor={`${id}-zone`}>Grense {n}: sone</label>
                    <select
                      id={`${id}-zone`}
                      value={a.zone}
                      onChange={(e) => setAlert(i, { zone: e.target.value as 'yellow' | 'red' })}
                    >
                      <option value="yellow">Gul: handle snart</option>
                      <option value="red">Rød: handle straks</option>
                    </select>
                  </div>
                </div>
                <TextInput
                  id={`${id}-action`}
                  label={`Grense ${n}: tiltak (høyst ${PLAN_ACTION_MAX_LENGTH} tegn)`}
                  value={a.action}
                  inputMode="text"
                  className="field field--wide"
                  onChange={(v) => setAlert(i, { action: v })}
                  error={issueAt(errors, 'alerts', i, 'action')}
                />
                <button
                  type="button"
                  onClick={() => setDraft((d) => ({ ...d, alerts: d.alerts.filter((_, j) => j !== i) }))}
                >
                  Fjern grense {n}
                </button>
              </li>
            );
          })}
        </ol>
        <button
          type="button"
          onClick={() => {
            setDraft((d) => ({
              ...d,
              alerts: [
                ...d.alerts,
                {
                  key: nextKey,
                  parameter: 'news2Total',
                  comparator: '>=',
                  value: '',
                  zone: 'yellow',
                  action: '',
                },
              ],
            }));
            setNextKey((k) => k + 1);
          }}
        >
          Legg til varslingsgrense
        </button>
      </fieldset>

      {errors.length > 0 && (
        <div id={`${base}-errors`} className="notice notice--error" role="alert" tabIndex={-1}>
          <p>Planen er ikke lagret. Rett dette:</p>
          <ul>
            {errors.map((e, i) => (
              <li key={`${i}-${e.message}`}>{e.message}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Lagrer …' : 'Lagre personlig plan'}
        </button>
      </div>
    </form>
  );
}
