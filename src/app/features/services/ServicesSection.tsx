import type { ServiceStatus, MunicipalService } from '../../../core/services/types';
import type { Section } from '../../../offline/api';
import { formatDate, formatNumber } from '../../format/norwegian';
import { Freshness } from '../layout/Freshness';
import { DeniedNotice, UnavailableNotice } from '../layout/SectionNotice';

const statusText: Record<ServiceStatus, string> = {
  active: 'Aktiv',
  onhold: 'På vent',
  finished: 'Avsluttet',
  planned: 'Planlagt',
  cancelled: 'Avbrutt',
  unknown: 'Status ukjent',
};

function Phone(props: { number?: string }) {
  if (!props.number) return <>ukjent</>;
  const digits = props.number.replace(/[^\d+]/g, '');
  const shown = /^\d{8}$/.test(digits) ? digits.replace(/(\d{2})(?=\d)/g, '$1 ') : props.number;
  return <a href={`tel:${digits}`}>{shown}</a>;
}

function ServiceCard({ service: s }: { service: MunicipalService }) {
  return (
    <li className="service">
      <h3>
        {s.typeDisplay} <span className="muted">(IPLOS {s.typeCode})</span>
      </h3>
      {s.localName && <p className="service__local">{s.localName}</p>}
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd>{statusText[s.status]}</dd>
        </div>
        <div>
          <dt>Start</dt>
          <dd>{formatDate(s.start)}</dd>
        </div>
        <div>
          <dt>Revurdering</dt>
          <dd>{s.reviewDate ? formatDate(s.reviewDate) : 'ikke satt'}</dd>
        </div>
        {s.end && (
          <div>
            <dt>Slutt</dt>
            <dd>{formatDate(s.end)}</dd>
          </div>
        )}
        <div>
          <dt>Timer per uke</dt>
          <dd>{s.hoursPerWeek === undefined ? 'ikke oppgitt' : `${formatNumber(s.hoursPerWeek)} t`}</dd>
        </div>
        <div>
          <dt>Tjenestested</dt>
          <dd>
            {s.location?.name ?? 'ukjent'}
            {s.location?.address && <>, {s.location.address}</>}
          </dd>
        </div>
        <div>
          <dt>Telefon dagtid</dt>
          <dd>
            <Phone number={s.location?.phone} />
          </dd>
        </div>
        <div>
          <dt>Telefon etter arbeidstid</dt>
          <dd>
            <Phone number={s.location?.afterHoursPhone} />
          </dd>
        </div>
      </dl>
      <p className="provenance">
        Kilde: {s.sourceSystem ?? 'ukjent'}
        {s.recordedAt && <> · registrert {formatDate(s.recordedAt)}</>}
        {s.receivedAt && <> · mottatt {formatDate(s.receivedAt)}</>}
      </p>
    </li>
  );
}

function ServiceList({ services }: { services: MunicipalService[] }) {
  return (
    <ul className="services">
      {services.map((s) => (
        <ServiceCard key={s.id} service={s} />
      ))}
    </ul>
  );
}

/**
 * The patient's municipal services. Seven states, each worded on its own: "no data" is
 * never "no services" (DOMAIN.md section 3 and section 7, risks 6–9).
 */
export function ServicesSection(props: { section: Section<MunicipalService[]>; now: Date }) {
  const { section, now } = props;
  return (
    <section className="card" aria-labelledby="services-heading" aria-busy={section.kind === 'loading'}>
      <h2 id="services-heading">Kommunale tjenester</h2>
      {(() => {
        switch (section.kind) {
          case 'loading':
            return <p>Henter tjenester …</p>;
          case 'ready':
            return (
              <>
                <Freshness fetchedAt={section.fetchedAt} stale={section.stale} now={now} />
                {section.data.length ? (
                  <ServiceList services={section.data} />
                ) : (
                  <p className="notice">Ingen registrerte tjenester i PLO (startdato for kilden er ukjent)</p>
                )}
              </>
            );
          case 'none-since':
            return (
              <>
                <Freshness fetchedAt={section.fetchedAt} stale={section.stale} now={now} />
                <p className="notice">Ingen registrerte tjenester i PLO siden {formatDate(section.since)}</p>
                <p className="muted">
                  Vedtak fra før denne datoen vises først når det skjer noe nytt med dem.
                </p>
              </>
            );
          case 'not-covered':
            return (
              <>
                <Freshness fetchedAt={section.fetchedAt} now={now} />
                <p className="notice notice--warn">Pasienten er ikke registrert i kommunens PLO-system</p>
                <p className="muted">
                  Tjenester fra andre kommuner vises ikke her. Spør pasienten eller pårørende.
                </p>
              </>
            );
          case 'denied':
            return <DeniedNotice reason={section.reason} />;
          case 'unavailable':
            return (
              <>
                <UnavailableNotice reason={section.reason} />
                {section.cached ? (
                  <>
                    <Freshness fetchedAt={section.cached.fetchedAt} cached now={now} />
                    <ServiceList services={section.cached.data} />
                  </>
                ) : (
                  <p className="muted">Ingen bufrede data på enheten.</p>
                )}
              </>
            );
        }
      })()}
    </section>
  );
}
