import { textLength } from '../../../core/validation';

/** A textarea with its label, a counter as a person counts characters, and its error. */
export function BoundedText(props: {
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
