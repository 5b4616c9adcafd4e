import { formatAge, formatDateTime } from '../../format/norwegian';

/**
 * When a section was last fetched, on every section (DOMAIN.md section 7, risk 5). Data on
 * screen always come from the device store, so the label says when the device got them.
 */
export function Freshness(props: { fetchedAt: string; stale?: boolean; cached?: boolean; now: Date }) {
  const when = `${formatDateTime(props.fetchedAt)} (${formatAge(props.fetchedAt, props.now)})`;
  if (props.cached) return <p className="freshness freshness--cached">Bufret data fra {when}</p>;
  if (props.stale)
    return (
      <p className="freshness freshness--stale">
        <strong>Kan være utdatert:</strong> sist oppdatert {when}
      </p>
    );
  return <p className="freshness">Oppdatert {when}</p>;
}
