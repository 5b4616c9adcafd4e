import { useState } from 'react';
import { scoreNews2 } from '../../../core/news2/index';
import { COMMENT_MAX_LENGTH, CORRECTION_REASON_MAX_LENGTH } from '../../../core/correction/correction';
import { VITAL_PARAMETERS } from '../../../core/vitals/parameters';
import type { VitalSignsSet } from '../../../core/vitals/types';
import type { PatientIdentity } from '../../../offline/api';
import { formatDateTimeSeconds, formatFnr } from '../../format/norwegian';
import { parameterOrder, valueText } from '../news2/vitalsText';
import { CORRECTION_CONSEQUENCE, REASON_SUGGESTIONS } from './changeRules';
import { Dialog } from './Dialog';
import { TextStepForm, useTextStep } from './TextStep';

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
  const step = useTextStep('reason', props.check);
  const [confirming, setConfirming] = useState(false);
  async function confirm() {
    if (!(await step.save(props.onConfirm))) setConfirming(false);
  }
  return (
    <Dialog
      title="Marker målingen som registrert feil"
      onClose={props.onClose}
      initialFocus={confirming ? '[data-confirm]' : `#${step.fieldId}`}
    >
      <SetSummary set={props.set} patient={props.patient} />
      {!confirming ? (
        <TextStepForm
          step={step}
          label="Hvorfor er målingen feil?"
          required
          max={CORRECTION_REASON_MAX_LENGTH}
          submitLabel="Gå videre"
          onSubmit={() => {
            if (step.accept()) setConfirming(true);
          }}
          onCancel={props.onClose}
        >
          <fieldset className="suggestions">
            <legend>Vanlige grunner</legend>
            {REASON_SUGGESTIONS.map((s) => (
              <button key={s} type="button" aria-pressed={step.text === s} onClick={() => step.setText(s)}>
                {s}
              </button>
            ))}
          </fieldset>
        </TextStepForm>
      ) : (
        <div className="notice notice--warn" role="group" aria-label="Bekreft">
          <p>
            <strong>Grunn:</strong> {step.text.trim()}
          </p>
          <p>{CORRECTION_CONSEQUENCE}</p>
          <div className="form-actions">
            <button
              type="button"
              className="danger"
              data-confirm
              onClick={() => void confirm()}
              disabled={step.saving}
            >
              {step.saving ? 'Lagrer …' : 'Ja, marker som registrert feil'}
            </button>
            <button type="button" onClick={() => setConfirming(false)} disabled={step.saving}>
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
  const step = useTextStep('comment', props.check);
  return (
    <Dialog title="Legg til kommentar" onClose={props.onClose} initialFocus={`#${step.fieldId}`}>
      <SetSummary set={props.set} patient={props.patient} />
      <TextStepForm
        step={step}
        label="Kommentar til målingen"
        max={COMMENT_MAX_LENGTH}
        submitLabel={step.saving ? 'Lagrer …' : 'Lagre kommentar'}
        onSubmit={() => {
          if (step.accept()) void step.save(props.onSave);
        }}
        onCancel={props.onClose}
      />
    </Dialog>
  );
}
