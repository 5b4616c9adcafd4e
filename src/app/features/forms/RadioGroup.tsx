import type { ReactNode } from 'react';

export interface RadioOption<T extends string> {
  value: T;
  label: ReactNode;
}

/**
 * One choice among a few, as native radio buttons in a fieldset: the legend names the
 * group for a screen reader, each option is a label around its input (the whole line is
 * the touch target), and the browser gives the keyboard behaviour (Tab into the group,
 * arrow keys between options). An error is said under the options and tied to the group
 * with aria-describedby, so it is read with the legend.
 */
export function RadioGroup<T extends string>(props: {
  legend: string;
  /** The inputs' name; also the stem of the error's id (`{name}-error`). */
  name: string;
  /** '' when nothing is chosen yet. */
  value: T | '';
  options: ReadonlyArray<RadioOption<T>>;
  onChange: (v: T) => void;
  error?: string;
}) {
  const errId = `${props.name}-error`;
  return (
    <fieldset className="radios" aria-describedby={props.error ? errId : undefined}>
      <legend>{props.legend}</legend>
      {props.options.map((o) => (
        <label key={o.value} className="choice">
          <input
            type="radio"
            name={props.name}
            value={o.value}
            checked={props.value === o.value}
            onChange={() => props.onChange(o.value)}
          />
          {o.label}
        </label>
      ))}
      {props.error && (
        <p id={errId} className="field-error">
          {props.error}
        </p>
      )}
    </fieldset>
  );
}
