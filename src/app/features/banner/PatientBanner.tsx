import { useEffect, useRef, type RefObject } from 'react';
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
 * Allergies, CAVE and do-not-resuscitate belong to the national core record
 * (Kjernejournal), not to this store: Varde never says "none" about them (DOMAIN.md
 * section 7, risk 15; issue #12 point 8).
 */
export const CRITICAL_INFO_TEXT = 'ukjent i Varde – se Kjernejournal';

function CriticalInfo() {
  return (
    <p className="banner__critical">
      <strong>Kritisk informasjon (allergier, CAVE, HLR-minus):</strong> {CRITICAL_INFO_TEXT}
    </p>
  );
}

/**
 * The banner sticks to the top of the viewport (styles.css `.banner`). Its height goes to
 * `--patient-banner-h`, which `scroll-padding-top` uses, so a field that receives focus is
 * scrolled clear of the banner instead of under it (WCAG 2.4.11, focus not obscured), and
 * other sticky parts (the live score) sit below it.
 */
function useStickyHeight(ref: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const el = ref.current;
    const root = document.documentElement;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() =>
      root.style.setProperty('--patient-banner-h', `${Math.ceil(el.getBoundingClientRect().height)}px`),
    );
    observer.observe(el);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--patient-banner-h');
    };
  }, [ref]);
}

/**
 * Who this screen is about: name, fødselsnummer, age and sex on every patient screen,
 * offline too (DOMAIN.md section 7, risk 1), kept in view while the screen scrolls (issue
 * #11 point 6: at the save button the name must still be visible). When the EPJ already
 * shows its own banner (need_patient_banner false) a compact identity line still remains,
 * so a screenshot or a detached window can never show data without a name.
 */
export function PatientBanner(props: { identity: Section<PatientIdentity>; compact: boolean; now: Date }) {
  const ref = useRef<HTMLElement>(null);
  useStickyHeight(ref);
  const found = identityOf(props.identity);
  if (!found) {
    const text =
      props.identity.kind === 'denied'
        ? 'Ingen tilgang til pasientens identitet'
        : props.identity.kind === 'unavailable'
          ? 'Pasientens identitet er ikke tilgjengelig'
          : 'Henter pasient …';
    return (
      <section ref={ref} className="banner banner--pending" aria-label="Pasient">
        <p>{text}</p>
      </section>
    );
  }
  const p = found.data;
  const age = ageInYears(p.birthDate, props.now);
  const ageText = age === undefined ? 'alder ukjent' : `${age} år`;
  if (props.compact)
    return (
      <section ref={ref} className="banner banner--compact" aria-label="Pasient">
        <p>
          <strong>{p.name}</strong> · {formatFnr(p.fnr)} · {ageText}
        </p>
        <CriticalInfo />
      </section>
    );
  return (
    <section ref={ref} className="banner" aria-label="Pasient">
      <div className="banner__identity">
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
      </div>
      <CriticalInfo />
      {found.cachedAt && (
        <p className="freshness freshness--cached">Bufret identitet fra {formatDate(found.cachedAt)}</p>
      )}
    </section>
  );
}
