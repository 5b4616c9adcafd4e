import type { PatientIdentity, Section } from '../../../offline/api';
import { ageInYears, formatDate, formatFnr, formatGender } from '../../format/norwegian';

function identityOf(
  section: Section<PatientIdentity>,
): { data: PatientIdentity; cachedAt?: string } | undefined {
  if (section.kind === 'ready') return { data: section.data };
  if (section.kind === 'unavailable' && section.cached)
    return { data: section.cached.data, cachedAt: section.cached.fetchedAt };
  return undefined;
}

/**
 * Who this screen is about: name, fødselsnummer, age and sex on every patient screen,
 * offline too (DOMAIN.md section 7, risk 1). When the EPJ already shows its own banner
 * (need_patient_banner false) a compact identity line still remains, so a screenshot or a
 * detached window can never show data without a name.
 */
export function PatientBanner(props: { identity: Section<PatientIdentity>; compact: boolean; now: Date }) {
  const found = identityOf(props.identity);
  if (!found) {
    const text =
      props.identity.kind === 'denied'
        ? 'Ingen tilgang til pasientens identitet'
        : props.identity.kind === 'unavailable'
          ? 'Pasientens identitet er ikke tilgjengelig'
          : 'Henter pasient …';
    return (
      <section className="banner banner--pending" aria-label="Pasient">
        <p>{text}</p>
      </section>
    );
  }
  const p = found.data;
  const age = ageInYears(p.birthDate, props.now);
  const ageText = age === undefined ? 'alder ukjent' : `${age} år`;
  if (props.compact)
    return (
      <section className="banner banner--compact" aria-label="Pasient">
        <p>
          <strong>{p.name}</strong> · {formatFnr(p.fnr)} · {ageText}
        </p>
      </section>
    );
  return (
    <section className="banner" aria-label="Pasient">
      <p className="banner__name">{p.name}</p>
      <dl className="banner__facts">
        <div>
          <dt>Fødselsnummer</dt>
          <dd>{formatFnr(p.fnr)}</dd>
        </div>
        <div>
          <dt>Alder</dt>
          <dd>
            {ageText} (født {formatDate(p.birthDate)})
          </dd>
        </div>
        <div>
          <dt>Kjønn</dt>
          <dd>{formatGender(p.gender)}</dd>
        </div>
      </dl>
      {found.cachedAt && (
        <p className="freshness freshness--cached">Bufret identitet fra {formatDate(found.cachedAt)}</p>
      )}
    </section>
  );
}
