import { dialString, type CallOption, type PatientContacts } from '../../../core/escalation/contacts';
import type { Section } from '../../../offline/api';
import { Freshness } from '../layout/Freshness';

/** Where the contact details come from, when not fresh from the server. */
export function ContactsSource(props: { section: Section<PatientContacts> | undefined; now: Date }) {
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

/** Whom to call, in core's order, each with its `tel:` links ("Telefon: ukjent" without one). */
export function CallList({ options }: { options: CallOption[] }) {
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
