import { useId, useState, type FormEvent } from 'react';
import { scoreNews2 } from '../../../core/news2/index';
import { COMMENT_MAX_LENGTH, CORRECTION_REASON_MAX_LENGTH } from '../../../core/correction/correction';
import { textLength } from '../../../core/validation';
import { VITAL_PARAMETERS } from '../../../core/vitals/parameters';
import type { VitalSignsSet } from '../../../core/vitals/types';
import type { PatientIdentity } from '../../../offline/api';
import { formatDateTimeSeconds, formatFnr } from '../../format/norwegian';
import { parameterOrder, valueText } from '../news2/vitalsText';
import { CORRECTION_CONSEQUENCE, REASON_SUGGESTIONS } from './changeRules';
import { Dialog } from './Dialog';

/** React's useId as an id a CSS selector takes as it is. */
const domId = (id: string) => `f${id.replace(/[^A-Za-z0-9_-]/g, '')}`;

/** Which set, of whom: the nurse sees the patient and the values before she changes anything. */
function SetSummary(props: { set: VitalSignsSet; patient?: PatientIdentity }) {
  const { set } = props;
  const score = scoreNews2(set.vitals);
  const values = parameterOrder
    .filter((p) => valueText(set, p) !== 'ukjent')
    .map((p) => `${VITAL_PARAMETERS[p].shortLabel} ${valueText(set, p)}`)
    .join(' · ');
  return (
    <div className="dialog__set">
      <p>
        <strong>
          {props.patient ? `${props.patient.name} · ${formatFnr(props.patient.fnr)}` : 'Pasient ukjent'}
        </strong>
      </p>
      <p>
        Målt {formatDateTimeSeconds(set.effectiveDateTime)} ·{' '}
        {score.complete ? `NEWS2 ${score.total}` : 'ingen NEWS2-total (ufullstendig måling)'}
      </p>
      <p className="muted">{values}</p>
    </div>
  );
}

/** A textarea with its label, a counter as a person counts characters, and its error. */
function BoundedText(props: {
  id: string;
  label: string;
  value: string;
  max: number;
  error?: string;
  required?: boolean;
  onChange: (v: string) => void;
}) {
  const length = textLength(props.value);
  const over = length > props.max;
  const counterId = `${props.id}-counter`;
  const errorId = `${props.id}-error`;
  return (
    <div className="field field--text">
      <label htmlFor={props.id}>
        {props.label}
        {props.required && <span className="muted"> (påkrevd)</span>}
      </label>
      <textarea
        id={props.id}
        name={props.id}
        rows={3}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.error || over ? true : undefined}
        aria-required={props.required}
        aria-describedby={`${counterId}${props.error ? ` ${errorId}` : ''}`}
      />
      <p id={counterId} className={over ? 'counter counter--over' : 'counter'}>
        {length} av {props.max} tegn{over ? ` – ${length - props.max} for mange` : ''}
      </p>
      {props.error && (
        <p id={errorId} className="field-error" role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}

/**
 * "Marker som registrert feil": a reason is required (suggestions fill it, she may write her
 * own), then a confirmation that says what it does. `check` is core's validation (the
 * Norwegian reason), `onConfirm` writes to the device; an error keeps the dialog open.
 */
export function CorrectionDialog(props: {
  set: VitalSignsSet;
  patient?: PatientIdentity;
  check: (reason: string) => string | undefined;
  onConfirm: (reason: string) => Promise<void>;
  onClose: () => void;
}) {
  const id = domId(useId());
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);
  const [saving, setSaving] = useState(false);
  const fieldId = `${id}-reason`;
  function next(e: FormEvent) {
    e.preventDefault();
    const problem = props.check(reason);
    setError(problem);
    if (problem) {
      document.getElementById(fieldId)?.focus();
      return;
    }
    setConfirming(true);
  }
  async function confirm() {
    setSaving(true);
    try {
      await props.onConfirm(reason.trim());
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setConfirming(false);
      setSaving(false);
    }
  }
  return (
    <Dialog
      title="Marker målingen som registrert feil"
      onClose={props.onClose}
      initialFocus={confirming ? '[data-confirm]' : `#${fieldId}`}
    >
      <SetSummary set={props.set} patient={props.patient} />
      {!confirming ? (
        <form onSubmit={next} noValidate>
          <fieldset className="suggestions">
            <legend>Vanlige grunner</legend>
            {REASON_SUGGESTIONS.map((s) => (
              <button
                key={s}
                type="button"
                aria-pressed={reason === s}
                onClick={() => {
                  setReason(s);
                  setError(undefined);
                }}
              >
                {s}
              </button>
            ))}
          </fieldset>
          <BoundedText
            id={fieldId}
            label="Hvorfor er målingen feil?"
            required
            value={reason}
            max={CORRECTION_REASON_MAX_LENGTH}
            error={error}
            onChange={(v) => {
              setReason(v);
              setError(undefined);
            }}
          />
          <div className="form-actions">
            <button type="submit" className="primary">
              Gå videre
            </button>
            <button type="button" onClick={props.onClose}>
              Avbryt
            </button>
          </div>
        </form>
      ) : (
        <div className="notice notice--warn" role="group" aria-label="Bekreft">
          <p>
            <strong>Grunn:</strong> {reason.trim()}
          </p>
          <p>{CORRECTION_CONSEQUENCE}</p>
          <div className="form-actions">
            <button
              type="button"
              className="danger"
              data-confirm
              onClick={() => void confirm()}
              disabled={saving}
            >
              {saving ? 'Lagrer …' : 'Ja, marker som registrert feil'}
            </button>
            <button type="button" onClick={() => setConfirming(false)} disabled={saving}>
              Tilbake
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}

/** "Legg til kommentar": at most COMMENT_MAX_LENGTH characters, refused at the form above it. */
export function CommentDialog(props: {
  set: VitalSignsSet;
  patient?: PatientIdentity;
  check: (text: string) => string | undefined;
  onSave: (text: string) => Promise<void>;
  onClose: () => void;
}) {
  const id = domId(useId());
  const fieldId = `${id}-comment`;
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  async function save(e: FormEvent) {
    e.preventDefault();
    const problem = props.check(text);
    setError(problem);
    if (problem) {
      document.getElementById(fieldId)?.focus();
      return;
    }
    setSaving(true);
    try {
      await props.onSave(text.trim());
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setSaving(false);
    }
  }
  return (
    <Dialog title="Legg til kommentar" onClose={props.onClose} initialFocus={`#${fieldId}`}>
      <SetSummary set={props.set} patient={props.patient} />
      <form onSubmit={(e) => void save(e)} noValidate>
        <BoundedText
          id={fieldId}
          label="Kommentar til målingen"
          value={text}
          max={COMMENT_MAX_LENGTH}
          error={error}
          onChange={(v) => {
            setText(v);
            setError(undefined);
          }}
        />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={saving}>
            {saving ? 'Lagrer …' : 'Lagre kommentar'}
          </button>
          <button type="button" onClick={props.onClose}>
            Avbryt
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export { BoundedText };
