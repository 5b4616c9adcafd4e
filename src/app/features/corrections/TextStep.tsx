// The written step both change dialogs share: the reason before "registrert feil" and the
// comment. One text field with its counter, core's check when she goes on (its Norwegian
// reason at the field, focus back to it), and a save that keeps the dialog open with the
// error when writing fails, so nothing she wrote is lost.
import { useId, useState, type ReactNode } from 'react';
import { BoundedText } from '../forms/BoundedText';

/** React's useId as an id a CSS selector takes as it is. */
const domId = (id: string) => `f${id.replace(/[^A-Za-z0-9_-]/g, '')}`;

export interface TextStep {
  /** The field's id, a CSS selector takes it as `#${fieldId}`. */
  fieldId: string;
  text: string;
  error: string | undefined;
  saving: boolean;
  /** Her edit; an earlier error goes (it may no longer be true). */
  setText: (v: string) => void;
  /** True when the check accepts the text; else its reason shows and the field takes focus. */
  accept: () => boolean;
  /** Writes the trimmed text; a failure is said at the field and answers false. */
  save: (write: (text: string) => Promise<void>) => Promise<boolean>;
}

/** `name` ends the field's id; `check` is core's validation (undefined: accepted). */
export function useTextStep(name: string, check: (text: string) => string | undefined): TextStep {
  const fieldId = `${domId(useId())}-${name}`;
  const [text, setTextState] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  return {
    fieldId,
    text,
    error,
    saving,
    setText: (v) => {
      setTextState(v);
      setError(undefined);
    },
    accept: () => {
      const problem = check(text);
      setError(problem);
      if (problem) document.getElementById(fieldId)?.focus();
      return !problem;
    },
    save: async (write) => {
      setSaving(true);
      try {
        await write(text.trim());
        return true;
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
        setSaving(false);
        return false;
      }
    },
  };
}

/** The step's form: anything above the field (`children`), the field, submit and "Avbryt". */
export function TextStepForm(props: {
  step: TextStep;
  label: string;
  max: number;
  required?: boolean;
  submitLabel: string;
  onSubmit: () => void;
  onCancel: () => void;
  children?: ReactNode;
}) {
  const { step } = props;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit();
      }}
      noValidate
    >
      {props.children}
      <BoundedText
        id={step.fieldId}
        label={props.label}
        required={props.required}
        value={step.text}
        max={props.max}
        error={step.error}
        onChange={step.setText}
      />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={step.saving}>
          {props.submitLabel}
        </button>
        <button type="button" onClick={props.onCancel}>
          Avbryt
        </button>
      </div>
    </form>
  );
}
