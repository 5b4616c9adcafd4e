import { useEffect, useRef, useState } from 'react';
import type { PrefetchProgress, Section, WorklistEntry } from '../../../offline/api';
import { ageInYears, formatAge, formatDateTime, formatFnr } from '../../format/norwegian';
import { Freshness } from '../layout/Freshness';

function Latest({ entry, now }: { entry: WorklistEntry; now: Date }) {
  const latest = entry.latest;
  if (!latest) return <>NEWS2 ukjent – ingen måling lagret på enheten</>;
  const when = `${formatDateTime(latest.effectiveDateTime)} (${formatAge(latest.effectiveDateTime, now)})`;
  if (!latest.complete || latest.total === null) return <>Siste måling uten NEWS2-total, {when}</>;
  return (
    <>
      {/* The list has only the total, not the parts, so no risk band: a single 3 would be missed. */}
      NEWS2 {latest.total}, målt {when}
    </>
  );
}

function Due({ entry }: { entry: WorklistEntry }) {
  if (entry.overdue)
    return (
      <strong className="tone-error">
        Måling forfalt{entry.dueAt ? ` ${formatDateTime(entry.dueAt)}` : ''}
      </strong>
    );
  if (entry.dueAt) return <>Neste måling senest {formatDateTime(entry.dueAt)}</>;
  return <>Tidspunkt for neste måling er ukjent</>;
}

/** "Mine pasienter i dag" with latest NEWS2, its age and whether a measurement is due. */
export function Worklist(props: {
  section: Section<WorklistEntry[]>;
  now: Date;
  onSelect: (patientId: string) => void;
  onPrefetch: (onProgress: (p: PrefetchProgress) => void) => Promise<void>;
  /** Fetch the list by itself when the device has none (or only a stale one). */
  autoFetch?: boolean;
}) {
  const { section, now } = props;
  const [progress, setProgress] = useState<PrefetchProgress | null>(null);
  const [prefetch, setPrefetch] = useState<'idle' | 'running' | 'done' | 'failed'>('idle');
  const [prefetchError, setPrefetchError] = useState('');

  async function prepare() {
    setPrefetch('running');
    setProgress({ done: 0, total: 0 });
    try {
      await props.onPrefetch(setProgress);
      setPrefetch('done');
    } catch (e) {
      setPrefetch('failed');
      setPrefetchError(e instanceof Error ? e.message : 'ukjent feil');
    }
  }

  // The device store fills the list only on a download; with no list on the device, start
  // one at once rather than leave the nurse looking at "Henter …". Once per visit.
  const autoStarted = useRef(false);
  const needsList = section.kind === 'loading' || (section.kind === 'ready' && section.stale);
  useEffect(() => {
    if (!props.autoFetch || !needsList || autoStarted.current) return;
    const timer = setTimeout(() => {
      autoStarted.current = true;
      void prepare();
    }, 500);
    return () => clearTimeout(timer);
    // prepare is stable enough: it only reads props.onPrefetch, which the route keeps.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.autoFetch, needsList]);

  const entries =
    section.kind === 'ready'
      ? section.data
      : section.kind === 'unavailable'
        ? (section.cached?.data ?? [])
        : [];

  return (
    <section aria-labelledby="worklist-heading">
      <h1 id="worklist-heading">Mine pasienter i dag</h1>
      <div className="prefetch">
        <button
          type="button"
          className="primary"
          onClick={() => void prepare()}
          disabled={prefetch === 'running'}
        >
          Gjør klar for tur
        </button>
        <div role="status" aria-live="polite">
          {prefetch === 'running' && progress && (
            <>
              <progress max={progress.total || 1} value={progress.done} aria-label="Nedlasting for tur" />
              <span>
                {' '}
                Henter {progress.done} av {progress.total || '…'} pasienter
              </span>
            </>
          )}
          {prefetch === 'done' && <span>Klar for tur: pasientene er lagret på enheten.</span>}
          {prefetch === 'failed' && <span className="tone-error">Nedlastingen stoppet: {prefetchError}</span>}
        </div>
      </div>
      {section.kind === 'loading' && <p>Henter pasientlisten …</p>}
      {section.kind === 'ready' && (
        <Freshness fetchedAt={section.fetchedAt} stale={section.stale} now={now} />
      )}
      {section.kind === 'none-since' && <p className="notice">Ingen pasienter registrert på deg i dag.</p>}
      {section.kind === 'not-covered' && (
        <p className="notice notice--warn">Du er ikke registrert i kommunens PLO-system.</p>
      )}
      {section.kind === 'denied' && (
        <p className="notice notice--error" role="alert">
          Ingen tilgang: {section.reason}
        </p>
      )}
      {section.kind === 'unavailable' && (
        <div className="notice notice--warn" role="alert">
          <p>
            <strong>Kilden er ikke tilgjengelig:</strong> {section.reason}
          </p>
          {section.cached && <Freshness fetchedAt={section.cached.fetchedAt} cached now={now} />}
        </div>
      )}
      {entries.length > 0 && (
        <ul className="worklist">
          {entries.map((entry) => {
            const age = ageInYears(entry.patient.birthDate, now);
            return (
              <li
                key={entry.patient.id}
                className={entry.overdue ? 'worklist__item overdue' : 'worklist__item'}
              >
                <button
                  type="button"
                  className="worklist__open"
                  onClick={() => props.onSelect(entry.patient.id)}
                >
                  <span className="worklist__name">{entry.patient.name}</span>
                  <span>
                    {formatFnr(entry.patient.fnr)} · {age === undefined ? 'alder ukjent' : `${age} år`}
                  </span>
                </button>
                <p>
                  <Latest entry={entry} now={now} />
                </p>
                <p>
                  <Due entry={entry} />
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
