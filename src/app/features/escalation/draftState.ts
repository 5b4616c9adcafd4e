// Which escalation record forms hold unsaved input. The form registers as a dirty form
// (state/dirtyForms: the tab-close warning and the update prompt ask first) and here too, so
// the "leave the page?" question on /maling can say what would be lost: the record of what
// was done, not the measurement, which is already saved when the panel shows.
import { useEffect, useId } from 'react';
import { useDirtyForm } from '../../state/dirtyForms';

const drafts = new Set<string>();

export function isEscalationDraftDirty(): boolean {
  return drafts.size > 0;
}

export function useEscalationDraft(isDirty: boolean): void {
  useDirtyForm(isDirty);
  const id = useId();
  useEffect(() => {
    if (!isDirty) return;
    drafts.add(id);
    return () => {
      drafts.delete(id);
    };
  }, [id, isDirty]);
}
