import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { Baseline } from '../../../core/baseline/baseline';
import {
  dialString,
  escalationCallOrder,
  type CallOption,
  type PatientContacts,
} from '../../../core/escalation/contacts';
import {
  CONTACT_KIND_LABELS,
  type ContactKind,
  type EscalationField,
  type EscalationRecord,
} from '../../../core/escalation/escalation';
import { isbarSummary } from '../../../core/escalation/isbar';
import type { News2Score } from '../../../core/news2/types';
import type { VitalSignsSet } from '../../../core/vitals/types';
import type { DeviceEscalationRecord, PatientIdentity, Section } from '../../../offline/api';
import { formatDateTime, formatTime } from '../../format/norwegian';
import { Freshness } from '../layout/Freshness';
import { localDateTimeValue } from '../vitals/vitalsDraft';
import { useEscalationDraft } from './draftState';
import {
  checkEscalationDraft,
  contactNameOf,
  emptyEscalationDraft,
  errorFor,
  type EscalationDraft,
} from './escalationDraft';
import { escalationRecordText, syncStateText } from './recordText';
import { sectionData } from './sectionData';

/** Where the contact details come from, when not fresh from the server. */
function ContactsSource(props: { section: Section<PatientContacts> | undefined; now: Date }) {
  const s = props.section;
  if (!s || s.kind === 'loading')
    return <p className="muted">Henter fastlege og legevakt … Nødnummer og 116 117 gjelder uansett.</p>;
  if (s.kind === 'ready') return s.stale ? <Freshness fetchedAt={s.fetchedAt} stale now={props.now} /> : null;
  if (s.kind === 'unavailable')
    return s.cached ? (
      <Freshness fetchedAt={s.cached.fetchedAt} cached now={props.now} />
    ) : (
      <p className="notice notice--warn">
        Fastlege og lokal legevakt er ikke hentet ({s.reason}). Ring 116 117 for legevakt.
      </p>
    );
  if (s.kind === 'denied') return <p className="notice notice--error">Ingen tilgang: {s.reason}</p>;
  return null;
}

function CallList({ options }: { options: CallOption[] }) {
  return (
    <ol className="call-list">
      {options.map((o) => (
        <li key={o.kind} className={`call call--${o.kind}`}>
          <div className="call__who">
            <h3>{o.title}</h3>
            <p className="call__name">{o.name}</p>
            <p className="muted">{o.note}</p>
          </div>
          <div className="call__numbers">
            {o.numbers.length === 0 ? (
              <p>Telefon: ukjent</p>
            ) : (
              o.numbers.map((n) => (
                <a key={n.number} className="call-button" href={`tel:${dialString(n.number)}`}>
                  <span className="call-button__number">Ring {n.number}</span>
                  <span className="call-button__label">{n.label}</span>
                </a>
              ))
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}

const ISBAR_PARTS = [
  ['I', 'Identifikasjon', 'identifikasjon'],
  ['S', 'Situasjon', 'situasjon'],
  ['B', 'Bakgrunn', 'bakgrunn'],
  ['A', 'Aktuell vurdering', 'aktuellVurdering'],
  ['R', 'Råd/anbefaling', 'radAnbefaling'],
] as const;

function IsbarText(props: { isbar: ReturnType<typeof isbarSummary> }) {
  const [copied, setCopied] = useState<string>('');
  async function copy() {
    try {
      await navigator.clipboard.writeText(props.isbar.text);
      setCopied('ISBAR-teksten er kopiert.');
    } catch {
      setCopied('Kunne ikke kopiere: merk teksten og kopier den selv.');
    }
  }
  return (
    <section className="isbar" aria-labelledby="isbar-heading">
      <h3 id="isbar-heading">ISBAR – det du sier i telefonen</h3>
      <dl className="isbar__parts">
        {ISBAR_PARTS.map(([letter, name, key]) => (
          <div key={letter} className="isbar__part">
            <dt>
              <span className="isbar__letter" aria-hidden="true">
                {letter}
              </span>{' '}
              {name}
            </dt>
            <dd>{props.isbar[key]}</dd>
          </div>
        ))}
      </dl>
      <button type="button" onClick={() => void copy()}>
        Kopier ISBAR-teksten
      </button>{' '}
      {/* A live region, not role=status: the result above has the one status (the set's sync state). */}
      <span aria-live="polite" className="muted">
        {copied}
      </span>
    </section>
  );
}

function Choice<T extends string>(props: {
  legend: string;
  name: string;
  value: T | '';
  options: Array<{ value: T; label: ReactNode }>;
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

function RecordForm(props: {
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
      <Choice
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
          <Choice
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
          <Choice
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

function RecordedList(props: { records: DeviceEscalationRecord[] }) {
  return (
    <ul className="escalation-records" aria-label="Registrert for denne målingen">
      {props.records.map((r) => (
        <li key={r.id} className={`escalation-record-item sync--${r.syncState}`}>
          <p>
            <strong>{r.kind === 'contacted' ? 'Lege kontaktet' : 'Ikke eskalert'}</strong>{' '}
            {escalationRecordText(r)}
          </p>
          <p className={r.syncState === 'needs-attention' ? 'field-error' : 'muted'}>
            Registrert {formatDateTime(r.recordedAt)}
            {r.recordedBy.display ? ` av ${r.recordedBy.display}` : ''} · {syncStateText(r)}
          </p>
        </li>
      ))}
    </ul>
  );
}

export interface EscalationPanelProps {
  set: VitalSignsSet;
  /** The set's standard NEWS2 (read, never changed). */
  score: News2Score;
  identity?: PatientIdentity;
  contacts?: Section<PatientContacts>;
  /** The patient's sets, for the trend of the last days. */
  history: readonly VitalSignsSet[];
  baseline?: Baseline;
  /** Records about this set already on the device or the server. */
  records: DeviceEscalationRecord[];
  /** Who records (the signed-in clinician); without one, whom to call and ISBAR only. */
  caller?: { name: string; reference: string };
  /** Why this login cannot record (e.g. Communication not granted): said instead of the form. */
  recordRefusal?: string;
  now: () => Date;
  newId: () => string;
  onRecord: (record: EscalationRecord) => Promise<void>;
}

/**
 * The escalation panel under the result of a set from risk low–medium up (issue #11 point
 * 3): whom to call in the order the set's urgency asks (113 first from NEWS2 7), the ISBAR
 * text to read out or copy, and the record of what was done. Beside the standard response,
 * never instead of it.
 */
export function EscalationPanel(props: EscalationPanelProps) {
  const { set, score } = props;
  // Fixed when the panel opens: the order and the text do not shift while she is on the phone.
  const [openedAt] = useState(() => props.now().toISOString());
  const contacts = sectionData(props.contacts);
  const order = useMemo(
    () => escalationCallOrder({ score, contacts, now: openedAt }),
    [score, contacts, openedAt],
  );
  const isbar = useMemo(
    () =>
      isbarSummary({
        patient: {
          name: props.identity?.name ?? 'ukjent navn',
          ...(props.identity?.birthDate ? { birthDate: props.identity.birthDate } : {}),
          ...(props.identity?.fnr ? { fodselsnummer: props.identity.fnr } : {}),
          ...(contacts?.homeAddress ? { address: `hjemme i ${contacts.homeAddress}` } : {}),
        },
        caller: { name: props.caller?.name ?? 'ukjent navn' },
        set,
        score,
        history: props.history,
        baseline: props.baseline,
        now: openedAt,
      }),
    [
      props.identity,
      contacts?.homeAddress,
      props.caller?.name,
      set,
      score,
      props.history,
      props.baseline,
      openedAt,
    ],
  );
  const [justRecorded, setJustRecorded] = useState<DeviceEscalationRecord[]>([]);
  const records = [
    ...props.records,
    ...justRecorded.filter((j) => !props.records.some((r) => r.id === j.id)),
  ];
  const [adding, setAdding] = useState(false);
  const showForm = records.length === 0 || adding;
  const emergency = order.level === 'emergency';
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (justRecorded.length && !adding) heading.current?.focus({ preventScroll: false });
  }, [justRecorded.length, adding]);

  return (
    <section className="escalation card" aria-labelledby="escalation-heading">
      <h2 id="escalation-heading">Eskalering – hvem ringer du?</h2>
      <p className={`notice ${emergency ? 'notice--error' : 'notice--warn'} escalation__summary`}>
        <strong>{order.summary}</strong>
      </p>
      <ContactsSource section={props.contacts} now={new Date(openedAt)} />
      <CallList options={order.options} />
      <IsbarText isbar={isbar} />
      <section className="escalation__record" aria-labelledby="recorded-heading">
        <h3 id="recorded-heading" ref={heading} tabIndex={-1}>
          {records.length ? 'Registrert for denne målingen' : 'Registrer hva som ble gjort'}
        </h3>
        {records.length > 0 && <RecordedList records={records} />}
        {props.recordRefusal || !props.caller ? (
          <p className="notice notice--warn">
            Kan ikke registrere her: {props.recordRefusal ?? 'innloggingen sier ikke hvem du er'}. Skriv i
            journalen hvem du kontaktet, eller hvorfor ikke.
          </p>
        ) : showForm ? (
          <RecordForm
            options={order.options}
            isbarText={isbar.text}
            ids={{
              patientId: set.patientId,
              setId: set.id,
              recordedBy: { reference: props.caller.reference, display: props.caller.name },
            }}
            now={props.now}
            newId={props.newId}
            onRecord={props.onRecord}
            onDone={(record) => {
              setJustRecorded((j) => [...j, { ...record, syncState: 'pending' }]);
              setAdding(false);
            }}
            onCancel={records.length ? () => setAdding(false) : undefined}
          />
        ) : (
          <button type="button" onClick={() => setAdding(true)}>
            Registrer en ny kontakt
          </button>
        )}
      </section>
      <p className="muted">
        Kontaktrekkefølgen følger NEWS2 {score.complete ? score.total : `(delsum ${score.total})`} og tiden på
        døgnet ({formatTime(openedAt)}); den endrer ikke skår eller tiltak over.
      </p>
    </section>
  );
}
