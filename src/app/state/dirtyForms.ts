// Which forms hold unsaved input. The update prompt asks here before it reloads the app:
// a reload must never throw away a measurement the nurse has typed but not saved.
import { useEffect, useId } from 'react';

const dirty = new Set<string>();
const listeners = new Set<() => void>();

export function isAnyFormDirty(): boolean {
  return dirty.size > 0;
}

export function subscribeDirtyForms(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function set(id: string, isDirty: boolean) {
  const had = dirty.has(id);
  if (isDirty) dirty.add(id);
  else dirty.delete(id);
  if (had !== isDirty) for (const l of listeners) l();
}

/** Marks the calling form as dirty while `isDirty` is true; also warns before the tab closes. */
export function useDirtyForm(isDirty: boolean): void {
  const id = useId();
  useEffect(() => {
    set(id, isDirty);
    if (!isDirty) return;
    const beforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      set(id, false);
    };
  }, [id, isDirty]);
}
