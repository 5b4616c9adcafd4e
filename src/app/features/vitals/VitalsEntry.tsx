import { useState, type ReactNode } from 'react';
import type { VitalSignsSet } from '../../../core/vitals/types';
import type { LocalSyncState, PatientIdentity, Scale2Decision } from '../../../offline/api';
import { SavedSetResult, type SavedSet } from './SavedSetResult';
import { VitalsForm } from './VitalsForm';

/**
 * "Ny måling": the form, and after saving the set's result in its place (issue #11 point
 * 3). The result stays on screen, with the patient's identity and the set's sync state,
 * until the nurse starts a new set herself; the next form gets a fresh set id.
 */
export function VitalsEntry(props: {
  patientId: string;
  identity?: PatientIdentity;
  scale2: Scale2Decision | null | undefined;
  performer?: { reference: string; display?: string };
  now: () => Date;
  newId: () => string;
  onSave: (set: VitalSignsSet) => Promise<void>;
  /** The set's state as the device store sees it (it moves from pending to confirmed). */
  syncStateOf: (setId: string) => LocalSyncState | undefined;
  /** The escalation panel's slot in the result (see SavedSetResult). */
  escalation?: (saved: SavedSet) => ReactNode;
}) {
  const [saved, setSaved] = useState<VitalSignsSet | null>(null);
  // A new form (and a new set id) each time the nurse asks for one.
  const [formKey, setFormKey] = useState(0);
  if (saved)
    return (
      <SavedSetResult
        set={saved}
        identity={props.identity}
        syncState={props.syncStateOf(saved.id)}
        now={props.now()}
        escalation={props.escalation}
        onNewSet={() => {
          setSaved(null);
          setFormKey((k) => k + 1);
        }}
      />
    );
  return (
    <VitalsForm
      key={formKey}
      patientId={props.patientId}
      scale2={props.scale2}
      performer={props.performer}
      now={props.now}
      newId={props.newId}
      onSave={props.onSave}
      onSaved={setSaved}
    />
  );
}
