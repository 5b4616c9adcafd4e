// App-created Communications: the record of what a nurse did after an elevated set (issue
// #11 point 3), "lege kontaktet" or "ikke eskalert" with the reason. Apps may create a
// Communication of exactly this shape and no other: the shape is core's
// (src/core/fhir/communication.ts, escalationToCommunication), so the platform reads it with
// core's reader and checks that nothing else rides along.
//
// Checked before anything is written, each refusal audited (AuditedRefusal, AccessDenied):
// - the shape: category news2-escalation, readable by core, equal to what core writes for
//   the record it holds (the `about` list aside, checked below), and created conditionally
//   on its own identifier (ifNoneExist identifier=…/escalation|{id}), so a resend is 200;
// - the record: core's validateEscalation (a reason for "ikke eskalert", whom/when/advice
//   for "lege kontaktet", bounded texts, no time ahead of the platform's clock + 5 min);
// - who: the sender is the token's user;
// - the patient: exists in this municipality, and the user may write for them (care
//   relationship or launch context, the same rule as a vital-signs set);
// - the set: every `about` names a part (or the NEWS2 score) of the record's set, and each
//   is an Observation of the same patient stored in this municipality. A record about a set
//   of another municipality therefore finds nothing here and is refused.
import type { Communication, Resource } from '@medplum/fhirtypes';
import {
  escalationFromCommunication,
  escalationToCommunication,
  isEscalationCommunication,
} from '../../../core/fhir/communication';
import {
  NEWS2_PART,
  SET_IDENTIFIER_SYSTEM,
  VITAL_SIGNS_PARTS,
  parsePartIdentifierValue,
} from '../../../core/fhir/setIdentifier';
import { WORKFLOW_SYSTEM } from '../../../core/fhir/workflowCodes';
import { validateEscalation, type EscalationField } from '../../../core/escalation/escalation';
import type { VitalSignsSet } from '../../../core/vitals/types';
import { AuditedRefusal, type UserContext } from '../context';
import type { IssueCode } from '../outcome';
import { MAX_CLOCK_SKEW_MS } from './clientAudit';

const PARTS: ReadonlySet<string> = new Set([...VITAL_SIGNS_PARTS, NEWS2_PART]);

/** Where core's validation fields sit in the Communication. */
const FIELD_PATH: Readonly<Record<EscalationField, string>> = {
  id: 'identifier',
  patientId: 'subject',
  setId: 'about',
  recordedBy: 'sender',
  recordedAt: 'extension',
  kind: 'status',
  contact: 'recipient',
  contactedAt: 'sent',
  advice: 'note',
  isbar: 'payload',
  reason: 'statusReason',
  input: '',
};

/** Core's reasons for a Communication it cannot read (communication.ts), in Norwegian, with where. */
const READ_FAILURES: Readonly<Record<string, readonly [string, string]>> = {
  'not escalated without a reason': ['Skriv hvorfor du ikke eskalerer (statusReason.text).', 'statusReason'],
  'contacted without whom, when or advice': [
    'Ved «lege kontaktet» må hvem (recipient med kontakttype), når (sent) og rådet (note) være med.',
    'recipient',
  ],
  'entered in error': ['En eskaleringsregistrering kan ikke opprettes som entered-in-error.', 'status'],
};

/** JSON with sorted keys: the same content compares equal whatever the key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/**
 * Checks an app-created escalation Communication; answers its patient. `path` is where it
 * sits in the request ("" or "Bundle.entry[2].resource."), `ifNoneExist` its conditional
 * create token ("system|value") when it has one.
 */
export async function checkEscalationRecord(
  ctx: UserContext,
  c: Communication,
  path: string,
  ifNoneExist: string | undefined,
): Promise<string> {
  // The patient the record names, so that even a malformed record's refusal is audited
  // under them (innsyn shows that someone tried).
  let patient = /^Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(c.subject?.reference ?? '')?.[1];
  const refuse = (status: number, code: IssueCode, message: string, expression: string): never => {
    throw new AuditedRefusal(
      status,
      code,
      message,
      {
        access: ctx.access,
        interaction: 'create',
        patient,
        outcome: 'refused',
        detail: `Eskaleringsregistrering avvist: ${message}`,
      },
      [`${path}Communication${expression ? `.${expression}` : ''}`],
    );
  };

  if (!isEscalationCommunication(c)) {
    refuse(
      422,
      'business-rule',
      'Apper kan bare opprette Communication som registrerer eskalering etter en NEWS2-måling (category news2-escalation).',
      'category',
    );
  }
  const read = escalationFromCommunication(c);
  if (!read.ok) {
    const [message, expression] = READ_FAILURES[read.reason] ?? [
      'Eskaleringsregistreringen mangler identifikator, pasient, måling, avsender eller tidspunkt.',
      '',
    ];
    refuse(422, 'required', message, expression);
  }
  const record = read.ok ? read.value : (undefined as never);
  patient = record.patientId;

  const now = new Date(ctx.services.now().getTime() + MAX_CLOCK_SKEW_MS).toISOString();
  const checked = validateEscalation(record, { now });
  if (!checked.ok) {
    const [first] = checked.errors;
    refuse(422, 'business-rule', checked.errors.map((e) => e.message).join('. '), FIELD_PATH[first!.field]);
  }

  const token = `${WORKFLOW_SYSTEM.escalation}|${record.id}`;
  if (ifNoneExist !== token) {
    refuse(
      422,
      'business-rule',
      `Eskaleringsregistreringer må opprettes betinget på sin egen identifikator (ifNoneExist identifier=${token}), så en ny sending aldri lager en kopi.`,
      'identifier',
    );
  }
  if ((c.identifier ?? []).length !== 1) {
    refuse(422, 'business-rule', 'En eskaleringsregistrering har nøyaktig én identifikator.', 'identifier');
  }

  const me = `Practitioner/${ctx.access.practitionerId}`;
  if (record.recordedBy.reference !== me) {
    throw new AuditedRefusal(
      403,
      'forbidden',
      'En eskalering kan bare registreres av den innloggede (sender må være deg selv).',
      {
        access: ctx.access,
        interaction: 'create',
        patient,
        outcome: 'refused',
        detail: 'Eskaleringsregistrering avvist: oppga en annen bruker som avsender.',
      },
      [`${path}Communication.sender`],
    );
  }

  // What core writes for this record, `about` aside (the set's parts are checked against
  // the store below): anything else in the resource is refused, never stored unread.
  const stub = { id: record.setId, patientId: record.patientId, vitals: {} } as VitalSignsSet;
  const expected = escalationToCommunication(record, stub);
  const strip = (r: Communication) => {
    const { id: _id, meta: _meta, about: _about, ...rest } = r;
    return rest;
  };
  const mine = strip(c);
  const theirs = strip(expected);
  if (canonical(mine) !== canonical(theirs)) {
    const keys = new Set([...Object.keys(mine), ...Object.keys(theirs)]);
    const differs = [...keys].find(
      (k) =>
        canonical((mine as Record<string, unknown>)[k]) !== canonical((theirs as Record<string, unknown>)[k]),
    );
    refuse(
      422,
      'structure',
      `Communication følger ikke formen for eskaleringsregistreringer${differs ? ` (${differs})` : ''}; se docs/platform-api.md.`,
      differs ?? '',
    );
  }

  const exists = await ctx.services.store.read(ctx.tenant, 'Patient', patient);
  if (!exists) {
    refuse(422, 'business-rule', `Patient/${patient} finnes ikke i kommune ${ctx.tenant}.`, 'subject');
  }
  await ctx.guard.requirePatients('Communication', 'c', [patient], { interaction: 'create' });

  const about = c.about ?? [];
  const tokens: string[] = [];
  for (const a of about) {
    const id = a.identifier;
    const part = parsePartIdentifierValue(id?.value);
    if (
      a.reference !== undefined ||
      id?.system !== SET_IDENTIFIER_SYSTEM ||
      part?.setId !== record.setId ||
      !PARTS.has(part.part)
    ) {
      refuse(
        422,
        'business-rule',
        'about må peke på målingen (vital-signs-set-identifikatoren) registreringen gjelder.',
        'about',
      );
    }
    tokens.push(`${SET_IDENTIFIER_SYSTEM}|${id!.value}`);
  }
  if (tokens.length === 0)
    refuse(422, 'required', 'Det mangler hvilken måling eskaleringen gjelder.', 'about');
  const found = (
    await ctx.services.store.search(ctx.tenant, {
      type: 'Observation',
      identifiers: tokens,
      includeRestricted: true,
      count: tokens.length * 4,
    })
  ).resources;
  const ofPatient = (r: Resource) =>
    r.resourceType === 'Observation' && r.subject?.reference === `Patient/${patient}`;
  const missing = tokens.filter(
    (t) =>
      !found.some(
        (r) =>
          ofPatient(r) &&
          (r as { identifier?: { system?: string; value?: string }[] }).identifier?.some(
            (i) => `${i.system}|${i.value}` === t,
          ),
      ),
  );
  if (missing.length > 0) {
    refuse(
      422,
      'business-rule',
      `Målingen registreringen gjelder (${record.setId}) finnes ikke hos denne pasienten i kommune ${ctx.tenant}. Send målingen før eskaleringen.`,
      'about',
    );
  }
  return patient;
}
