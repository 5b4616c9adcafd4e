import { useEffect, useId, useRef, useState } from 'react';
import { compareTriage } from '../../../core/worklist/triage';
import type { PrefetchProgress, Section, WorklistEntry } from '../../../offline/api';
import { Freshness } from '../layout/Freshness';
import { WorklistRow } from './WorklistRow';

/**
 * The rows in triage order (core's compareTriage: risk band, overdue by the plan, visit
 * order); a row without a triage row (an older client's data) goes last, in list order.
 */
export function triageOrder(entries: readonly WorklistEntry[], now: Date): WorklistEntry[] {
  const compare = compareTriage(now.toISOString());
  return [...entries].sort((a, b) => {
    if (a.triage && b.triage) return compare(a.triage, b.triage);
    return a.triage ? -1 : b.triage ? 1 : 0;
  });
}

/**
 * "Mine pasienter i dag" in order of clinical urgency (issue #11 point 1), with the filter
 * "Krever handling" (risk low–medium or higher, overdue by the plan, or a personal threshold
 * crossed: core's requiresAction). Works from the device store, offline too.
 */
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

  const [onlyAction, setOnlyAction] = useState(false);
  const filterId = useId();
  const raw =
    section.kind === 'ready'
      ? section.data
      : section.kind === 'unavailable'
        ? (section.cached?.data ?? [])
        : [];
  // `now` is a new Date each render (the clock): sorting a shift's list is cheap.
  const ordered = triageOrder(raw, now);
  const needing = ordered.filter((e) => e.triage?.requiresAction);
  const entries = onlyAction ? needing : ordered;

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
      {ordered.length > 0 && (
        <div className="worklist__filter">
          <input
            id={filterId}
            type="checkbox"
            checked={onlyAction}
            onChange={(e) => setOnlyAction(e.target.checked)}
          />
          <label htmlFor={filterId}>
            Vis bare dem som krever handling ({needing.length} av {ordered.length})
          </label>
        </div>
      )}
      {ordered.length > 0 && (
        <p className="muted worklist__order">
          Sortert etter risiko (NEWS2), deretter hvor lenge målingen er forfalt etter pasientens plan, så
          besøksrekkefølge.
        </p>
      )}
      {onlyAction && needing.length === 0 && ordered.length > 0 && (
        <p className="notice">Ingen pasienter krever handling nå.</p>
      )}
      {entries.length > 0 && (
        <ul className="worklist" aria-label={onlyAction ? 'Pasienter som krever handling' : undefined}>
          {entries.map((entry) => (
            <WorklistRow key={entry.patient.id} entry={entry} now={now} onSelect={props.onSelect} />
          ))}
        </ul>
      )}
    </section>
  );
}
