import { useMemo, useRef, useState, type FormEvent } from 'react';
import {
  scale2DecidedByText,
  scale2DecisionAt,
  spo2ScaleFor,
  type Consciousness,
  type Scale2Decision,
} from '../../../core/news2/index';
import type { VitalSignsSet } from '../../../core/vitals/types';
import type { FieldIssue } from '../../../core/vitals/validate';
import { ACVPU } from '../../../core/fhir/codes';
import { VITAL_PARAMETERS } from '../../../core/vitals/parameters';
import { formatDate } from '../../format/norwegian';
import { useDirtyForm } from '../../state/dirtyForms';
import { COMMENT_MAX_LENGTH } from '../../../core/correction/correction';
import { BoundedText } from '../forms/BoundedText';
import { RadioGroup } from '../forms/RadioGroup';
import {
  checkDraft,
  emptyDraft,
  isDraftEmpty,
  issueFor,
  localDateTimeValue,
  type NumericField,
  type VitalsDraft,
} from './vitalsDraft';
import { LiveScore } from './LiveScore';
import { NumberInput, specOf } from './NumberInput';

/**
 * Vital signs at the bedside: a full set or single measurements. Impossible values are
 * refused at the field with the reason; extreme ones ask for confirmation before saving.
 * The score and risk update as values are entered; nothing typed is discarded unsaved.
 * "Målt" is the moment of saving unless the nurse enters another time (issue #11 point 7).
 */
export function VitalsForm(props: {
  patientId: string;
  /** The patient's Scale 2 decisions (undefined: not known yet). */
  scale2: readonly Scale2Decision[] | undefined;
  performer?: { reference: string; display?: string };
  now: () => Date;
  newId: () => string;
  onSave: (set: VitalSignsSet) => Promise<void>;
  /** Called once the set is stored on the device. */
  onSaved: (set: VitalSignsSet) => void;
}) {
  // The SpO2 scale is not chosen per set (issue #12 point 6): it follows the Scale 2
  // decision in force when the set is measured (core's rule), and changes only through a
  // recorded decision on "Plan". The form says which scale applies and why.
  const decision = scale2DecisionAt(props.scale2 ?? [], { at: props.now().toISOString() });
  const defaultScale: 1 | 2 = decision === undefined ? 1 : 2;
  const [typed, setDraft] = useState<VitalsDraft>(() => emptyDraft(defaultScale));
  const measuredAt = (d: VitalsDraft, now: Date) => {
    const t = d.measuredAt === null ? now : new Date(d.measuredAt);
    return Number.isNaN(t.getTime()) ? now.toISOString() : t.toISOString();
  };
  const withScale = (d: VitalsDraft, now: Date): VitalsDraft => ({
    ...d,
    spo2Scale: spo2ScaleFor(props.scale2 ?? [], { at: measuredAt(d, now) }),
  });
  const draft = withScale(typed, props.now());
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [confirming, setConfirming] = useState<FieldIssue[] | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  // One set id per form: a retry of the same set keeps it, a new form gets a new one.
  const [setId] = useState(props.newId);
  const formRef = useRef<HTMLFormElement>(null);

  const dirty = !isDraftEmpty(draft);
  useDirtyForm(dirty);

  const check = useMemo(
    () =>
      checkDraft(draft, { id: setId, patientId: props.patientId, performer: props.performer }, props.now()),
    // props.now is a clock; re-checking on every draft change is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [draft, props.patientId, props.performer],
  );
  const errors = check.ok ? [] : check.errors;
  const commentError = check.ok ? undefined : check.commentError;
  const warnings = check.ok ? check.warnings : [];
  const shown = (field: string) => submitted || touched.has(field);
  const errorFields = new Set(errors.map((e) => String(e.field)));

  function update(patch: Partial<VitalsDraft>) {
    setDraft((d) => ({ ...d, ...patch }));
    setConfirming(null);
    setSaveError(null);
  }
  function setText(field: NumericField, value: string) {
    setDraft((d) => ({ ...d, text: { ...d.text, [field]: value } }));
    setConfirming(null);
    setSaveError(null);
  }
  const touch = (field: string) => setTouched((t) => new Set(t).add(field));

  async function save(confirmed: boolean) {
    setSubmitted(true);
    // Checked again now: a set measured "at saving" gets this moment, not when typing began.
    const ids = { id: setId, patientId: props.patientId, performer: props.performer };
    const at = props.now();
    const check = checkDraft(withScale(typed, at), ids, at);
    if (!check.ok) {
      const first = check.errors[0];
      const name = first ? String(first.field) : check.commentError ? 'comment' : undefined;
      const el = name ? formRef.current?.querySelector<HTMLElement>(`[name="${name}"]`) : undefined;
      el?.focus();
      return;
    }
    if (check.warnings.length && !confirmed) {
      setConfirming(check.warnings);
      return;
    }
    setSaving(true);
    setSaveError(null);
    try {
      await props.onSave(check.set);
    } catch (e) {
      // The form keeps every value: nothing is lost when saving fails.
      setSaveError(e instanceof Error ? e.message : 'Ukjent feil');
      setSaving(false);
      return;
    }
    // The result replaces the form (VitalsEntry): the draft is spent, nothing is left dirty.
    setDraft(emptyDraft(defaultScale));
    props.onSaved(check.set);
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void save(false);
  }

  const field = (f: NumericField) => (
    <NumberInput
      spec={specOf(f)}
      value={draft.text[f]}
      error={shown(f) ? issueFor(errors, f) : undefined}
      warning={issueFor(warnings, f)}
      onChange={(v) => setText(f, v)}
      onBlur={() => touch(f)}
    />
  );

  const inputError = shown('input') ? issueFor(errors, 'input') : undefined;
  const timeError = shown('effectiveDateTime') ? issueFor(errors, 'effectiveDateTime') : undefined;
  const timeWarning = issueFor(warnings, 'effectiveDateTime');

  return (
    <form
      ref={formRef}
      className="vitals-form"
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="vitals-heading"
    >
      <h1 id="vitals-heading">Ny måling</h1>
      <p className="muted">Fyll inn en hel NEWS2-måling eller bare de verdiene du har målt.</p>
      <div className="vitals-grid">
        <div className="vitals-fields">
          {field('respirationRate')}
          {field('spo2')}
          <p className="scale-note" id="spo2-scale-note">
            {decision ? (
              <>
                SpO₂ skåres med <strong>skala 2</strong>: besluttet av {scale2DecidedByText(decision)}{' '}
                {formatDate(decision.decidedAt)}
                {decision.reason ? ` (${decision.reason})` : ''}.
              </>
            ) : props.scale2 === undefined ? (
              <>
                SpO₂ skåres med <strong>skala 1</strong>: beslutninger om skala 2 er ikke hentet (ukjent).
              </>
            ) : (
              <>
                SpO₂ skåres med <strong>skala 1</strong>: ingen beslutning om skala 2 er i kraft.
              </>
            )}{' '}
            Skalaen endres bare med en egen beslutning under «Plan».
          </p>
          <RadioGroup
            legend={VITAL_PARAMETERS.onOxygen.label}
            name="onOxygen"
            value={draft.air}
            options={[
              { value: 'air', label: 'Luft' },
              { value: 'oxygen', label: 'Oksygen' },
            ]}
            onChange={(v) => update({ air: v })}
          />
          {draft.air === 'oxygen' && field('oxygenFlowLpm')}
          {shown('oxygenFlowLpm') && draft.air !== 'oxygen' && issueFor(errors, 'oxygenFlowLpm') && (
            <p className="field-error">{issueFor(errors, 'oxygenFlowLpm')}</p>
          )}
          {field('systolicBP')}
          {field('diastolicBP')}
          {field('pulse')}
          <RadioGroup
            legend="Pulsrytme (skåres ikke)"
            name="pulseIrregular"
            value={draft.pulseRhythm}
            options={[
              { value: 'regular', label: 'Regelmessig' },
              { value: 'irregular', label: 'Uregelmessig' },
            ]}
            onChange={(v) => update({ pulseRhythm: v })}
          />
          <RadioGroup
            legend={VITAL_PARAMETERS.consciousness.label}
            name="consciousness"
            value={draft.consciousness}
            options={(['A', 'C', 'V', 'P', 'U'] as Consciousness[]).map((c) => ({
              value: c,
              label: ACVPU[c].label,
            }))}
            onChange={(v) => update({ consciousness: v })}
          />
          {field('temperature')}
          <RadioGroup
            legend="Målt"
            name="measuredAtMode"
            value={draft.measuredAt === null ? 'now' : 'other'}
            options={[
              { value: 'now', label: 'Nå – tidspunktet settes når du lagrer' },
              { value: 'other', label: 'Annet tidspunkt' },
            ]}
            onChange={(v) => update({ measuredAt: v === 'now' ? null : localDateTimeValue(props.now()) })}
          />
          {draft.measuredAt !== null && (
            <div className="field">
              <label htmlFor="field-measuredAt">Tidspunkt for målingen</label>
              <input
                id="field-measuredAt"
                name="effectiveDateTime"
                type="datetime-local"
                step={1}
                value={draft.measuredAt}
                onChange={(e) => update({ measuredAt: e.target.value })}
                onBlur={() => touch('effectiveDateTime')}
                aria-invalid={timeError ? true : undefined}
                aria-describedby={timeError || timeWarning ? 'field-measuredAt-msg' : undefined}
              />
            </div>
          )}
          {(timeError || timeWarning) && (
            <p id="field-measuredAt-msg" className={timeError ? 'field-error' : 'field-warning'}>
              {timeError ?? timeWarning}
            </p>
          )}
          {props.performer && (
            <BoundedText
              id="comment"
              label="Kommentar (valgfritt), for eksempel «nettopp kommet inn fra kulda»"
              value={draft.comment}
              max={COMMENT_MAX_LENGTH}
              error={submitted || touched.has('comment') ? commentError : undefined}
              onChange={(v) => update({ comment: v })}
            />
          )}
        </div>
        <aside className="live-score card" aria-labelledby="live-heading" aria-live="polite">
          <h2 id="live-heading">NEWS2 mens du skriver</h2>
          <LiveScore set={check.ok ? check.set : check.partial} errorFields={errorFields} />
        </aside>
      </div>
      {inputError && (
        <p className="field-error" role="alert">
          {inputError}
        </p>
      )}
      {submitted && (errors.length > 0 || commentError) && (
        <div className="notice notice--error" role="alert">
          <p>Målingen er ikke lagret. Rett disse verdiene:</p>
          <ul>
            {errors.map((e) => (
              <li key={`${String(e.field)}-${e.message}`}>{e.message}</li>
            ))}
            {commentError && <li key="comment">{commentError}</li>}
          </ul>
        </div>
      )}
      {confirming && (
        <div className="notice notice--warn" role="alertdialog" aria-labelledby="confirm-heading">
          <p id="confirm-heading">
            <strong>Uvanlige verdier – bekreft før lagring</strong>
          </p>
          <ul>
            {confirming.map((w) => (
              <li key={`${String(w.field)}-${w.message}`}>{w.message}</li>
            ))}
          </ul>
          <button type="button" onClick={() => setConfirming(null)}>
            Rett verdiene
          </button>{' '}
          <button type="button" className="primary" onClick={() => void save(true)} disabled={saving}>
            Verdiene er riktige – lagre
          </button>
        </div>
      )}
      {saveError && (
        <p className="notice notice--error" role="alert">
          Målingen ble ikke lagret: {saveError}. Verdiene står fortsatt i skjemaet.
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Lagrer …' : 'Lagre måling'}
        </button>
      </div>
    </form>
  );
}
