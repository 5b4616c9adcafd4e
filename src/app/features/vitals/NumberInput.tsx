import { VITAL_PARAMETERS } from '../../../core/vitals/parameters';
import type { NumericField } from './vitalsDraft';

interface NumberFieldSpec {
  field: NumericField;
  label: string;
  unit: string;
  decimal: boolean;
}

/** Label, unit and keyboard of a numeric field: core's parameter table. */
export function specOf(field: NumericField): NumberFieldSpec {
  const p = VITAL_PARAMETERS[field];
  return { field, label: p.label, unit: p.unit, decimal: p.decimals > 0 };
}

/** A numeric field of the form with its unit, and its refusal or warning under it. */
export function NumberInput(props: {
  spec: NumberFieldSpec;
  value: string;
  error?: string;
  warning?: string;
  onChange: (v: string) => void;
  onBlur: () => void;
}) {
  const { spec } = props;
  const id = `field-${spec.field}`;
  const hintId = `${id}-msg`;
  return (
    <div className="field">
      <label htmlFor={id}>
        {spec.label} <span className="muted">({spec.unit})</span>
      </label>
      <input
        id={id}
        name={spec.field}
        type="text"
        inputMode={spec.decimal ? 'decimal' : 'numeric'}
        autoComplete="off"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        onBlur={props.onBlur}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error || props.warning ? hintId : undefined}
      />
      {props.error ? (
        <p id={hintId} className="field-error">
          {props.error}
        </p>
      ) : props.warning ? (
        <p id={hintId} className="field-warning">
          {props.warning}
        </p>
      ) : null}
    </div>
  );
}
