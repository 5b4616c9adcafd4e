import { useContext, useEffect, useRef, useState } from 'react';
import { validateSetComment, validateSetCorrection } from '../../../core/correction/correction';
import type { DeviceVitalSignsSet, PatientIdentity, Section } from '../../../offline/api';
import { formatDateTime } from '../../format/norwegian';
import { AppContext } from '../../state/appContext';
import { currentUser } from '../../state/currentUser';
import { PatientViewContext } from '../../state/patientViewContext';
import { canComment, canCorrect } from './changeRules';
import { useLiveSet } from './useLiveSet';
import { CommentDialog, CorrectionDialog } from './SetChangeDialogs';

function identityOf(section: Section<PatientIdentity> | undefined): PatientIdentity | undefined {
  if (section?.kind === 'ready') return section.data;
  if (section?.kind === 'unavailable') return section.cached?.data;
  return undefined;
}

/**
 * "Marker som registrert feil" and "Legg til kommentar" for one set (issue #11 point 4),
 * with their dialogs. Used in the history and under the saved result. Writes go to the
 * device first (OfflineClient.correctSet / commentSet); the outcome is said in a status
 * line that takes focus, since the buttons leave with a corrected set. The buttons show
 * only on a signed-in patient screen and for a set this app may change; with `showState`
 * the set's comments and its correction are said in words in any case.
 */
export function SetChangeActions(props: {
  set: DeviceVitalSignsSet;
  /**
   * Also say in words what the set carries: marked wrong, its comments (the saved result;
   * the history has its markers).
   */
  showState?: boolean;
}) {
  const app = useContext(AppContext);
  const patient = useContext(PatientViewContext);
  const [open, setOpen] = useState<'correct' | 'comment' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const status = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (done) status.current?.focus();
  }, [done]);
  const set = useLiveSet(props.set);
  const client = app?.client;
  const user = app ? currentUser(app) : undefined;
  const identity = identityOf(patient?.view.identity);
  const when = formatDateTime(set.effectiveDateTime);
  // Changes need a device store, a signed-in clinician and a set this app may change.
  const may = (rule: typeof canCorrect) =>
    !!app && !!client && user !== undefined && rule(set, app.config.clientId);
  const correctable = may(canCorrect);
  const commentable = may(canComment);
  const ids = { setId: set.id, patientId: set.patientId };
  const nowIso = () => (app ? app.now() : new Date()).toISOString();

  const wrong = set.enteredInError;
  // The saved result says what the set carries: comments written with it or added since.
  const comments = props.showState ? [...(set.comments ?? []), ...(set.pendingComments ?? [])] : [];
  return (
    <div className="set-actions">
      {comments.length > 0 && (
        <ul className="set-actions__comments">
          {comments.map((c) => (
            <li key={`${c.writtenAt}-${c.text}`}>
              <strong>Kommentar:</strong> {c.text} ({c.author.display ?? c.author.reference},{' '}
              {formatDateTime(c.writtenAt)})
            </li>
          ))}
        </ul>
      )}
      {props.showState && wrong && (
        <p className="notice notice--error">
          <strong>Registrert feil</strong> ({wrong.correctedBy.display ?? wrong.correctedBy.reference},{' '}
          {formatDateTime(wrong.correctedAt)}): {wrong.reason}. Målingen teller ikke i NEWS2, vanlige verdier,
          trender eller arbeidslisten.
        </p>
      )}
      {(correctable || commentable) && (
        <div className="set-actions__buttons">
          {commentable && (
            <button
              type="button"
              onClick={() => setOpen('comment')}
              aria-label={`Legg til kommentar på målingen ${when}`}
            >
              Legg til kommentar
            </button>
          )}
          {correctable && (
            <button
              type="button"
              onClick={() => setOpen('correct')}
              aria-label={`Marker målingen ${when} som registrert feil`}
            >
              Marker som registrert feil
            </button>
          )}
        </div>
      )}
      {done && (
        <p ref={status} className="notice notice--ok" role="status" tabIndex={-1}>
          {done}
        </p>
      )}
      {open === 'correct' && client && user && (
        <CorrectionDialog
          set={set}
          patient={identity}
          check={(reason) => {
            const r = validateSetCorrection(
              { ...ids, reason, correctedBy: user, correctedAt: nowIso() },
              { now: nowIso() },
            );
            return r.ok ? undefined : r.errors[0]?.message;
          }}
          onConfirm={async (reason) => {
            const correctedAt = nowIso();
            await client.correctSet({
              id: crypto.randomUUID(),
              correction: { ...ids, reason, correctedBy: user, correctedAt },
            });
            setOpen(null);
            setDone('Målingen er markert som registrert feil og teller ikke lenger.');
          }}
          onClose={() => setOpen(null)}
        />
      )}
      {open === 'comment' && client && user && (
        <CommentDialog
          set={set}
          patient={identity}
          check={(text) => {
            const r = validateSetComment(
              { ...ids, text, author: user, writtenAt: nowIso() },
              { now: nowIso() },
            );
            return r.ok ? undefined : r.errors[0]?.message;
          }}
          onSave={async (text) => {
            await client.commentSet({
              id: crypto.randomUUID(),
              comment: { ...ids, text, author: user, writtenAt: nowIso() },
            });
            setOpen(null);
            setDone('Kommentaren er lagret.');
          }}
          onClose={() => setOpen(null)}
        />
      )}
    </div>
  );
}
