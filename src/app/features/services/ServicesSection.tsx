import type { ServiceStatus, MunicipalService } from '../../../core/services/types';
import type { Section } from '../../../offline/api';
import { formatDate, formatNumber } from '../../format/norwegian';
import { Freshness } from '../layout/Freshness';
import { DeniedNotice, UnavailableNotice } from '../layout/SectionNotice';
import { HOME_HEALTH_CARE_CODE, orderForLegevakt, reviewPassed } from './serviceOrder';
import { WithheldNotice } from '../layout/WithheldNotice';

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

function ReviewDate({ service: s, now }: { service: MunicipalService; now: Date }) {
  if (!s.reviewDate) return <>ikke satt</>;
  if (!reviewPassed(s, now)) return <>{formatDate(s.reviewDate)}</>;
  return (
    <span className="review-passed">
      {formatDate(s.reviewDate)} <strong>(passert)</strong>
    </span>
  );
}

const hoursText = (s: MunicipalService) =>
  s.hoursPerWeek === undefined ? 'ikke oppgitt' : `${formatNumber(s.hoursPerWeek)} t`;

function statusWithEnd(s: MunicipalService): string {
  return s.end ? `${statusText[s.status]}, slutt ${formatDate(s.end)}` : statusText[s.status];
}

function ServiceCard({ service: s, now }: { service: MunicipalService; now: Date }) {
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
          <dt>Timer per uke</dt>
          <dd>{hoursText(s)}</dd>
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
        <div>
          <dt>Tjenestested</dt>
          <dd>
            {s.location?.name ?? 'ukjent'}
            {s.location?.address && <>, {s.location.address}</>}
          </dd>
        </div>
        <div>
          <dt>Start</dt>
          <dd>{formatDate(s.start)}</dd>
        </div>
        <div>
          <dt>Revurdering</dt>
          <dd>
            <ReviewDate service={s} now={now} />
          </dd>
        </div>
        {s.end && (
          <div>
            <dt>Slutt</dt>
            <dd>{formatDate(s.end)}</dd>
          </div>
        )}
      </dl>
      <Provenance service={s} />
    </li>
  );
}

function Provenance({ service: s }: { service: MunicipalService }) {
  return (
    <p className="provenance">
      Kilde: {s.sourceSystem ?? 'ukjent'}
      {s.recordedAt && <> · registrert {formatDate(s.recordedAt)}</>}
      {s.receivedAt && <> · mottatt {formatDate(s.receivedAt)}</>}
    </p>
  );
}

/**
 * One row per service, for the legevakt's desktop (issue #12 point 1): every field in the
 * same column for every service, the service they phone first on top.
 */
function ServiceTable({ services, now }: { services: MunicipalService[]; now: Date }) {
  return (
    <div className="table-scroll">
      <table className="services-table">
        <caption className="visually-hidden">
          Kommunale tjenester: hjemmesykepleie først, deretter etter timer per uke
        </caption>
        <thead>
          <tr>
            <th scope="col">Tjeneste</th>
            <th scope="col">Status</th>
            <th scope="col">Timer per uke</th>
            <th scope="col">Tjenestested</th>
            <th scope="col">Telefon dagtid</th>
            <th scope="col">Telefon etter arbeidstid</th>
            <th scope="col">Start</th>
            <th scope="col">Revurdering</th>
          </tr>
        </thead>
        <tbody>
          {services.map((s) => (
            <tr
              key={s.id}
              className={s.typeCode === HOME_HEALTH_CARE_CODE ? 'services-table__first' : undefined}
            >
              <th scope="row">
                {s.typeDisplay} <span className="services-table__code">(IPLOS {s.typeCode})</span>
                {s.localName && <span className="services-table__local">{s.localName}</span>}
                <span className="services-table__type">
                  {s.sourceSystem ?? 'kilde ukjent'}
                  {s.receivedAt && <>, mottatt {formatDate(s.receivedAt)}</>}
                </span>
              </th>
              <td>{statusWithEnd(s)}</td>
              <td className="num">{hoursText(s)}</td>
              <td>
                {s.location?.name ?? 'ukjent'}
                {s.location?.address && <span className="services-table__type">{s.location.address}</span>}
              </td>
              <td className="phone">
                <Phone number={s.location?.phone} />
              </td>
              <td className="phone">
                <Phone number={s.location?.afterHoursPhone} />
              </td>
              <td>{formatDate(s.start)}</td>
              <td>
                <ReviewDate service={s} now={now} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ServiceList(props: { services: MunicipalService[]; layout: ServicesLayout; now: Date }) {
  const ordered = orderForLegevakt(props.services);
  if (props.layout === 'table') return <ServiceTable services={ordered} now={props.now} />;
  return (
    <ul className="services">
      {ordered.map((s) => (
        <ServiceCard key={s.id} service={s} now={props.now} />
      ))}
    </ul>
  );
}

/** Cards on a tablet (touch-first, one column of fields); one table row per service on a desktop. */
export type ServicesLayout = 'cards' | 'table';

/**
 * The patient's municipal services. Seven states, each worded on its own: "no data" is
 * never "no services" (DOMAIN.md section 3 and section 7, risks 6–9).
 */
export function ServicesSection(props: {
  section: Section<MunicipalService[]>;
  now: Date;
  layout?: ServicesLayout;
  /**
   * The server withheld services at the patient's request (PatientView.withheld.services):
   * said beside the list, and beside "none registered", which is then not the whole truth.
   */
  withheld?: boolean;
  /** The source's name for people (the configured server), named when it has no services. */
  source?: string;
}) {
  const { section, now } = props;
  const layout = props.layout ?? 'cards';
  const withheld = props.withheld ? <WithheldNotice /> : null;
  return (
    <section
      className="card services-card"
      aria-labelledby="services-heading"
      aria-busy={section.kind === 'loading'}
    >
      <h2 id="services-heading">Kommunale tjenester</h2>
      {(() => {
        switch (section.kind) {
          case 'loading':
            return <p>Henter tjenester …</p>;
          case 'ready':
            return (
              <>
                <Freshness fetchedAt={section.fetchedAt} stale={section.stale} now={now} />
                {withheld}
                {section.data.length ? (
                  <ServiceList services={section.data} layout={layout} now={now} />
                ) : (
                  <>
                    <p className="notice">
                      Ingen tjenester registrert i kilden{props.source ? ` (${props.source})` : ''}
                    </p>
                    <p className="muted">
                      Kilden oppgir ikke hvilke pasienter eller hvilken periode den dekker. Tjenester kan være
                      registrert i andre systemer.
                    </p>
                  </>
                )}
              </>
            );
          case 'none-since':
            return (
              <>
                <Freshness fetchedAt={section.fetchedAt} stale={section.stale} now={now} />
                <p className="notice">Ingen registrerte tjenester i PLO siden {formatDate(section.since)}</p>
                {withheld}
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
                    {withheld}
                    <ServiceList services={section.cached.data} layout={layout} now={now} />
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
