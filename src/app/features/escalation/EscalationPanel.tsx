import { useEffect, useMemo, useRef, useState } from 'react';
import type { Baseline } from '../../../core/baseline/baseline';
import { escalationCallOrder, type PatientContacts } from '../../../core/escalation/contacts';
import type { EscalationRecord } from '../../../core/escalation/escalation';
import { isbarSummary } from '../../../core/escalation/isbar';
import type { News2Score } from '../../../core/news2/types';
import type { VitalSignsSet } from '../../../core/vitals/types';
import type { DeviceEscalationRecord, PatientIdentity, Section } from '../../../offline/api';
import { formatTime } from '../../format/norwegian';
import { IsbarText } from './IsbarText';
import { RecordedList } from './RecordedList';
import { RecordForm } from './RecordForm';
import { sectionData } from './sectionData';
import { CallList, ContactsSource } from './WhomToCall';

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
