// What was done after an elevated set (issue #11 point 3, DOMAIN.md §8 "Escalation is a
// loop, not a text"): "lege kontaktet" (whom, when, what advice) or "ikke eskalert" with a
// required reason (as Nervecentre requires). The record is about one set. Its FHIR shape is
// in ../fhir/communication.ts.
import { z } from 'zod';
import type { ActorRef } from '../actor';
import { parseInstant } from '../time/oslo';
import { actorSchema, boundedText, isoInstant, issuesOf, notInFuture } from '../validation';
import type { Checked, Issue } from '../validation';

/** Whom the nurse contacted: the patient's GP, the legevakt (116 117), AMK (113), or someone else. */
export type ContactKind = 'fastlege' | 'legevakt' | 'amk' | 'other';
export const CONTACT_KINDS = [
  'fastlege',
  'legevakt',
  'amk',
  'other',
] as const satisfies readonly ContactKind[];

export const CONTACT_KIND_LABELS: Readonly<Record<ContactKind, string>> = {
  fastlege: 'Fastlege',
  legevakt: 'Legevakt',
  amk: 'AMK (113)',
  other: 'Annen',
};

/** National numbers: legevakt 116 117, medical emergencies 113. */
export const LEGEVAKT_PHONE = '116 117';
export const AMK_PHONE = '113';

export interface EscalationContact {
  kind: ContactKind;
  /** Who, e.g. "Fastlege Per Olsen", "Legevakten i Bergen", "AMK". */
  name: string;
  /** FHIR reference when known, e.g. Practitioner/abc. */
  reference?: string;
  /** The number called. */
  phone?: string;
}

interface EscalationBase {
  /** Client-made identifier (UUID); the FHIR identifier conditional create keys on. */
  id: string;
  patientId: string;
  /** The set it is about. */
  setId: string;
  /** Who recorded it (the nurse). */
  recordedBy: ActorRef;
  /** When it was recorded, to the second. */
  recordedAt: string;
}

export interface DoctorContacted extends EscalationBase {
  kind: 'contacted';
  contact: EscalationContact;
  /** When the contact took place. */
  contactedAt: string;
  /** The advice given ("Kommer på sykebesøk innen en time"). */
  advice: string;
  /** The ISBAR summary that was read out, when kept. */
  isbar?: string;
}

export interface NotEscalated extends EscalationBase {
  kind: 'not-escalated';
  /** Why not ("Kjent KOLS, verdier som vanlig; avtalt med fastlege"). Required. */
  reason: string;
}

export type EscalationRecord = DoctorContacted | NotEscalated;

export const ESCALATION_TEXT_MAX_LENGTH = 1000;
export const ISBAR_MAX_LENGTH = 4000;

const base = {
  id: z.string({ error: 'Registreringen mangler id' }).regex(/^\S{1,128}$/, 'Registreringens id er ugyldig'),
  patientId: z.string({ error: 'Pasient mangler' }).regex(/^[A-Za-z0-9\-.]{1,64}$/, 'Pasient-id er ugyldig'),
  setId: z
    .string({ error: 'Det mangler hvilken måling det gjelder' })
    .regex(/^\S{1,128}$/, 'Det mangler hvilken måling det gjelder'),
  recordedBy: actorSchema('Det mangler hvem som registrerer'),
  recordedAt: isoInstant,
};

const contactSchema = z.strictObject(
  {
    kind: z.enum(CONTACT_KINDS, { error: 'Velg hvem som ble kontaktet' }),
    name: boundedText({ required: 'Skriv hvem som ble kontaktet', label: 'Navnet', max: 200 }),
    reference: z
      .string()
      .regex(/^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/, 'Må være en gyldig referanse')
      .optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ]{3,20}$/, 'Telefonnummeret kan bare ha sifre og mellomrom')
      .optional(),
  },
  { error: 'Skriv hvem som ble kontaktet' },
);

const schema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      ...base,
      kind: z.literal('contacted'),
      contact: contactSchema,
      contactedAt: isoInstant,
      advice: boundedText({
        required: 'Skriv hvilke råd som ble gitt',
        label: 'Rådet',
        max: ESCALATION_TEXT_MAX_LENGTH,
      }),
      isbar: boundedText({
        required: 'ISBAR-teksten er tom',
        label: 'ISBAR-teksten',
        max: ISBAR_MAX_LENGTH,
      }).optional(),
    }),
    z.strictObject({
      ...base,
      kind: z.literal('not-escalated'),
      reason: boundedText({
        required: 'Skriv hvorfor du ikke eskalerer',
        label: 'Begrunnelsen',
        max: ESCALATION_TEXT_MAX_LENGTH,
      }),
    }),
  ],
  { error: 'Velg om lege er kontaktet eller ikke eskalert' },
);

export type EscalationField =
  | 'id'
  | 'patientId'
  | 'setId'
  | 'recordedBy'
  | 'recordedAt'
  | 'kind'
  | 'contact'
  | 'contactedAt'
  | 'advice'
  | 'isbar'
  | 'reason'
  | 'input';
const FIELDS: readonly EscalationField[] = [
  'id',
  'patientId',
  'setId',
  'recordedBy',
  'recordedAt',
  'kind',
  'contact',
  'contactedAt',
  'advice',
  'isbar',
  'reason',
  'input',
];

/**
 * Validates an escalation record. "Lege kontaktet" needs whom, when and the advice; "ikke
 * eskalert" needs a reason; both need who recorded it and when; no time in the future.
 */
export function validateEscalation(
  input: unknown,
  opts: { now: string },
): Checked<EscalationRecord, EscalationField> {
  const now = parseInstant(opts.now, 'now');
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, errors: issuesOf(parsed.error, FIELDS, 'input', 'Registreringen må være et objekt') };
  }
  const record = parsed.data as EscalationRecord;
  const errors: Issue<EscalationField>[] = [];
  if (!notInFuture(record.recordedAt, now)) {
    errors.push({ field: 'recordedAt', message: 'Tidspunktet ligger fram i tid' });
  }
  if (record.kind === 'contacted' && !notInFuture(record.contactedAt, now)) {
    errors.push({ field: 'contactedAt', message: 'Tidspunktet for kontakten ligger fram i tid' });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: record };
}
