import type { DeviceEscalationRecord } from '../../../offline/api';
import { formatDateTime } from '../../format/norwegian';
import { escalationRecordText, syncStateText } from './recordText';

/** What was recorded about this set, with each record's sync state. */
export function RecordedList(props: { records: DeviceEscalationRecord[] }) {
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
