import type { PlanWrite } from '../../../offline/api';

/** Whether a plan or decision made on this device has reached the server (colour and words). */
export function PlanWriteBadge({ write }: { write: PlanWrite | undefined }) {
  if (!write) return null;
  if (write.syncState === 'needs-attention') {
    return (
      <p className="badge tone-error" role="alert">
        Ikke sendt – trenger oppfølging{write.problem ? `: ${write.problem}` : ''}. Den brukes ikke.
      </p>
    );
  }
  return <p className="badge tone-warn">Lagret på enheten – sendes når nett er tilbake</p>;
}
