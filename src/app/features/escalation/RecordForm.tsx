import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { CallOption } from '../../../core/escalation/contacts';
import {
  CONTACT_KIND_LABELS,
  type ContactKind,
  type EscalationField,
  type EscalationRecord,
} from '../../../core/escalation/escalation';
import { RadioGroup } from '../forms/RadioGroup';
import { localDateTimeValue } from '../vitals/vitalsDraft';
import { useEscalationDraft } from './draftState';
import {
  checkEscalationDraft,
  contactNameOf,
  emptyEscalationDraft,
  errorFor,
  type EscalationDraft,
} from './escalationDraft';

function TextArea(props: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  value: string;
  error?: string;
  onChange: (v: string) => void;
}) {
  const described = [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.hint && (
        <p id={`${props.id}-hint`} className="muted field-hint">
          {props.hint}
        </p>
      )}
      <textarea
        id={props.id}
        name={props.name}
        rows={3}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described || undefined}
      />
      {props.error && (
        <p id={`${props.id}-error`} className="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}

/** Which form element holds a field, for moving focus to the first refusal. */
const FOCUS_NAME: Partial<Record<EscalationField, string>> = {
  kind: 'esc-outcome',
  contact: 'esc-contact-kind',
  contactedAt: 'esc-contacted-at',
  advice: 'esc-advice',
  reason: 'esc-reason',
};

/**
 * The record of what was done: «lege kontaktet» (whom, when, advice) or «ikke eskalert» (a
 * reason), checked by core when saved; the first refusal takes focus, nothing typed is lost.
 */
export function RecordForm(props: {
  options: CallOption[];
  isbarText: string;
  ids: { patientId: string; setId: string; recordedBy: { reference: string; display?: string } };
  now: () => Date;
  newId: () => string;
  onRecord: (record: EscalationRecord) => Promise<void>;
  onDone: (record: EscalationRecord) => void;
  onCancel?: () => void;
}) {
  const [draft, setDraft] = useState<EscalationDraft>(emptyEscalationDraft);
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  // One id per record: a retry of the same save keeps it.
  const [id] = useState(props.newId);
  const formRef = useRef<HTMLFormElement>(null);
  const dirty = draft.outcome !== '' || draft.advice !== '' || draft.reason !== '';
  useEscalationDraft(dirty);

  const ctx = { ...props.ids, id, options: props.options, isbar: props.isbarText };
  const check = checkEscalationDraft(draft, ctx, props.now());
  const errors = submitted && !check.ok ? check.errors : [];
  const err = (f: EscalationField) => errorFor(errors, f);

  const update = (patch: Partial<EscalationDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setSaveError(null);
  };

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSubmitted(true);
    // Checked again now: "nå" is the moment of saving.
    const c = checkEscalationDraft(draft, ctx, props.now());
    if (!c.ok) {
      const name = FOCUS_NAME[c.errors[0]!.field] ?? 'esc-outcome';
      formRef.current?.querySelector<HTMLElement>(`[name="${name}"]`)?.focus();
      return;
    }
    setSaving(true);
    try {
      await props.onRecord(c.record);
    } catch (x) {
      setSaveError(x instanceof Error ? x.message : 'Ukjent feil');
      setSaving(false);
      return;
    }
    setDraft(emptyEscalationDraft);
    props.onDone(c.record);
  }

  const kindOptions: Array<{ value: ContactKind; label: ReactNode }> = [
    ...props.options.map((o) => ({
      value: o.kind,
      label: `${o.title}${contactNameOf(o) && o.kind !== 'amk' ? `: ${contactNameOf(o)}` : ''}`,
    })),
    { value: 'other', label: CONTACT_KIND_LABELS.other },
  ];

  return (
    <form
      ref={formRef}
      className="escalation-record"
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="record-heading"
    >
      <h3 id="record-heading">Hva ble gjort?</h3>
      <RadioGroup
        legend="Utfall"
        name="esc-outcome"
        value={draft.outcome}
        options={[
          { value: 'contacted', label: 'Lege kontaktet' },
          { value: 'not-escalated', label: 'Ikke eskalert' },
        ]}
        onChange={(v) => update({ outcome: v })}
        error={err('kind')}
      />
      {draft.outcome === 'contacted' && (
        <>
          <RadioGroup
            legend="Hvem ble kontaktet?"
            name="esc-contact-kind"
            value={draft.contactKind}
            options={kindOptions}
            onChange={(v) =>
              update({
                contactKind: v,
                contactName: contactNameOf(props.options.find((o) => o.kind === v)),
              })
            }
            error={draft.contactKind === '' ? err('contact') : undefined}
          />
          {draft.contactKind !== '' && (
            <div className="field">
              <label htmlFor="esc-contact-name">Navn på den du snakket med</label>
              <input
                id="esc-contact-name"
                name="esc-contact-name"
                type="text"
                autoComplete="off"
                value={draft.contactName}
                onChange={(e) => update({ contactName: e.target.value })}
                aria-invalid={err('contact') ? true : undefined}
                aria-describedby={err('contact') ? 'esc-contact-name-error' : undefined}
              />
              {err('contact') && (
                <p id="esc-contact-name-error" className="field-error">
                  {err('contact')}
                </p>
              )}
            </div>
          )}
          <RadioGroup
            legend="Når"
            name="esc-when"
            value={draft.contactedAt === null ? 'now' : 'other'}
            options={[
              { value: 'now', label: 'Nå – tidspunktet settes når du lagrer' },
              { value: 'other', label: 'Annet tidspunkt' },
            ]}
            onChange={(v) => update({ contactedAt: v === 'now' ? null : localDateTimeValue(props.now()) })}
          />
          {draft.contactedAt !== null && (
            <div className="field">
              <label htmlFor="esc-contacted-at">Tidspunkt for samtalen</label>
              <input
                id="esc-contacted-at"
                name="esc-contacted-at"
                type="datetime-local"
                step={60}
                value={draft.contactedAt}
                onChange={(e) => update({ contactedAt: e.target.value })}
                aria-invalid={err('contactedAt') ? true : undefined}
                aria-describedby={err('contactedAt') ? 'esc-contacted-at-error' : undefined}
              />
              {err('contactedAt') && (
                <p id="esc-contacted-at-error" className="field-error">
                  {err('contactedAt')}
                </p>
              )}
            </div>
          )}
          <TextArea
            id="esc-advice"
            name="esc-advice"
            label="Råd fra legen"
            hint="For eksempel: kommer på sykebesøk innen en time; mål NEWS2 hver time til da."
            value={draft.advice}
            error={err('advice')}
            onChange={(v) => update({ advice: v })}
          />
          <label className="choice">
            <input
              type="checkbox"
              checked={draft.keepIsbar}
              onChange={(e) => update({ keepIsbar: e.target.checked })}
            />
            Lagre ISBAR-teksten sammen med registreringen
          </label>
        </>
      )}
      {draft.outcome === 'not-escalated' && (
        <TextArea
          id="esc-reason"
          name="esc-reason"
          label="Hvorfor eskalerer du ikke? (påkrevd)"
          hint="For eksempel: verdiene er som vanlig for pasienten, og det er avtalt med fastlegen hva som gjøres."
          value={draft.reason}
          error={err('reason')}
          onChange={(v) => update({ reason: v })}
        />
      )}
      {errors.length > 0 && (
        <div className="notice notice--error" role="alert">
          <p>Registreringen er ikke lagret. Rett dette:</p>
          <ul>
            {errors.map((e) => (
              <li key={`${e.field}-${e.message}`}>{e.message}</li>
            ))}
          </ul>
        </div>
      )}
      {saveError && (
        <p className="notice notice--error" role="alert">
          Registreringen ble ikke lagret: {saveError}. Det du skrev står fortsatt i skjemaet.
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Lagrer …' : 'Lagre registreringen'}
        </button>{' '}
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            Avbryt
          </button>
        )}
      </div>
    </form>
  );
}
