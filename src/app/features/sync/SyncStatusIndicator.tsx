import type { SyncStatus, Waiting, WaitingElsewhere } from '../../../offline/api';
import { formatDateTime, formatTime } from '../../format/norwegian';

const målinger = (n: number) => (n === 1 ? '1 måling' : `${n} målinger`);
const registreringer = (n: number, other = false) =>
  n === 1 ? `1 ${other ? 'annen ' : ''}registrering` : `${n} ${other ? 'andre ' : ''}registreringer`;

/**
 * "2 målinger", "1 registrering" or "2 målinger og 1 annen registrering": vital-signs sets
 * are named målinger; corrections, comments, escalation records and plans are not, so the
 * count never says a nurse's record is a measurement. Unknown kinds: all "registreringer".
 */
export function countText(n: number, sets: number | undefined): string {
  if (sets === undefined || sets === 0) return registreringer(n);
  if (sets >= n) return målinger(n);
  return `${målinger(sets)} og ${registreringer(n - sets, true)}`;
}

function waitingText(w: Waiting): string {
  return w.waiting === 0 ? 'ingenting venter' : `${countText(w.waiting, w.waitingSets)} venter`;
}

/** Where writes of another server belong, named so the nurse knows where to log in. */
function whereText(e: WaitingElsewhere): string {
  if (!e.server) return 'en ukjent server';
  return e.label ? `${e.label} (${e.server})` : e.server;
}

function elsewhereText(list: WaitingElsewhere[]): string {
  const who = list.every((e) => e.otherUser)
    ? 'Den som registrerte dem, må logge inn der for å sende dem.'
    : 'Logg inn der for å sende.';
  if (list.length === 1) {
    const [e] = list;
    return `${countText(e.count, e.sets)} på denne enheten venter på å bli sendt til ${whereText(e)}. ${who}`;
  }
  const total = list.reduce((n, e) => n + e.count, 0);
  const sets = list.every((e) => e.sets !== undefined)
    ? list.reduce((n, e) => n + (e.sets ?? 0), 0)
    : undefined;
  const where = list.map((e) => `${whereText(e)}: ${e.count}`).join('; ');
  return `${countText(total, sets)} på denne enheten venter på andre servere (${where}). ${who}`;
}

export function syncStatusText(status: SyncStatus): string {
  switch (status.kind) {
    case 'synced':
      return status.at ? `Alt er sendt. Sist sendt ${formatDateTime(status.at)}` : 'Ingenting å sende';
    case 'syncing':
      return `Sender … (${waitingText(status)})`;
    case 'offline':
      return `Frakoblet – ${waitingText(status)}, sendes når nett er tilbake`;
    case 'retrying':
      return `Sending feilet: ${status.reason.replace(/\.$/, '')}. Prøver igjen kl. ${formatTime(status.nextTryAt)} (${waitingText(status)})`;
    case 'needs-attention':
      return `${countText(status.count, status.countSets)} trenger oppfølging (${waitingText(status)})`;
    case 'login-required':
      return `Logg inn på nytt for å sende (${waitingText(status)})`;
    case 'waiting-elsewhere':
      return elsewhereText(status.elsewhere);
  }
}

const tone: Record<SyncStatus['kind'], 'ok' | 'info' | 'warn' | 'error'> = {
  synced: 'ok',
  syncing: 'info',
  offline: 'warn',
  retrying: 'warn',
  'needs-attention': 'error',
  'login-required': 'error',
  'waiting-elsewhere': 'warn',
};

/** Header status; always visible, announced politely. */
export function SyncStatusIndicator(props: {
  status: SyncStatus | null;
  /** Logged in, status not known yet (the device store is opening). */
  pending?: boolean;
  onSyncNow?: () => void;
  onLogin?: () => void;
}) {
  const { status } = props;
  return (
    <div className="sync" role="status" aria-live="polite" aria-atomic="true">
      {status ? (
        <>
          <span className={`sync__text tone-${tone[status.kind]}`}>{syncStatusText(status)}</span>
          {status.kind === 'login-required' && props.onLogin && (
            <button type="button" onClick={props.onLogin}>
              Logg inn
            </button>
          )}
          {(status.kind === 'retrying' || status.kind === 'offline') && props.onSyncNow && (
            <button type="button" onClick={props.onSyncNow}>
              Prøv nå
            </button>
          )}
        </>
      ) : (
        <span className="sync__text">{props.pending ? 'Åpner lagringen …' : 'Ikke pålogget'}</span>
      )}
    </div>
  );
}
