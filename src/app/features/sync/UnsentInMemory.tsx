import { useEffect } from 'react';
import type { SyncStatus } from '../../../offline/api';
import type { Reader } from '../../state/reader';

/** Writes of this login not yet confirmed by the server (waiting, or parked for follow-up). */
export function unsentCount(status: SyncStatus | null): number {
  if (!status) return 0;
  switch (status.kind) {
    case 'synced':
    case 'waiting-elsewhere':
      return 0;
    case 'needs-attention':
      return status.count + status.waiting;
    default:
      return status.waiting;
  }
}

/**
 * An online session keeps nothing on the device (issue #12 point 3), so a write the server
 * has not confirmed lives only in this window: it must never be lost without a word. While
 * any waits, the header says so plainly and the browser asks before the window closes or
 * reloads (beforeunload). On a device store they survive a closed app, and nothing is said.
 */
export function UnsentInMemory(props: { status: SyncStatus | null; storage: Reader['storage'] }) {
  const count = props.storage === 'memory' ? unsentCount(props.status) : 0;
  const waiting = count > 0;
  useEffect(() => {
    if (!waiting) return;
    const ask = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older browsers show the dialog only when returnValue is set.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [waiting]);
  if (!waiting) return null;
  const [what, it] = count === 1 ? ['1 måling er', 'Den'] : [`${count} målinger er`, 'De'];
  return (
    <p className="notice notice--error unsent-in-memory" role="alert">
      <strong>{what} ikke sendt og ikke lagret på denne enheten.</strong> {it} holdes bare i dette vinduet og
      sendes når serveren svarer. Lukker eller laster du vinduet på nytt før det, går {it.toLowerCase()} tapt.
    </p>
  );
}
