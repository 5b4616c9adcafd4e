// Who did something clinical: a FHIR reference (Practitioner/abc) with a display name, and
// where it matters the professional role, which decides how texts are worded (a doctor
// gets assessment and treatment wording, a nurse whom to contact) and who may set a plan.

/** The clinical roles Varde words texts for. The platform decides who may do what. */
export const CLINICAL_ROLES = ['doctor', 'nurse'] as const;
export type ClinicalRole = (typeof CLINICAL_ROLES)[number];

/** Norwegian role names, lower case, as in "lege Kari Hansen". */
export const CLINICAL_ROLE_LABELS: Readonly<Record<ClinicalRole, string>> = {
  doctor: 'lege',
  nurse: 'sykepleier',
};

export interface ActorRef {
  /** FHIR reference, e.g. Practitioner/abc. */
  reference: string;
  display?: string;
}

/** An actor whose role is known (plans and decisions record it). */
export interface ClinicalActor extends ActorRef {
  role: ClinicalRole;
}

/** "lege Kari Hansen", or the reference when no name is known. */
export function actorText(actor: ActorRef & { role?: ClinicalRole }): string {
  const name = actor.display ?? actor.reference;
  return actor.role ? `${CLINICAL_ROLE_LABELS[actor.role]} ${name}` : name;
}
