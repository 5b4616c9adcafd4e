// Client-reported AuditEvents: reads a device served from its own store while it could not
// reach the platform, uploaded later (src/offline, docs/platform-api.md "Writes"). They land
// in the patient's innsyn, so the platform believes only what it can check:
//
// - the patient: exactly one, named as Patient/{id}, whom the token's user may read now;
// - who read: the token's user, never the body (an agent naming anyone else is refused);
// - what: a read (action R) that succeeded;
// - when: the client's `recorded` is kept as its claim, bounded by the platform's receipt
//   time: at most MAX_CLOCK_SKEW_MS ahead, at most MAX_REPORT_AGE_MS behind. The receipt
//   time is stored beside it (meta.extension received-at).
//
// Anything else is refused, and the refusal is audited (AuditedRefusal / AccessDenied).
//
// Why 30 days: a device serves a patient's data offline only until its cache expires, 12 h
// after the last fetch (src/offline/sync/pull.ts DEFAULT_CACHE_TTL_MS), and it uploads its
// log at its next contact with the platform (every start, unlock, reconnection and retry
// timer). So an honest record is hours old, days at most for a tablet left in a drawer over
// a holiday; 30 days covers a long leave. An older claim cannot be told from a back-dated
// one, and a back-dated entry in innsyn is what this bound exists to stop.
import { createHash } from 'node:crypto';
import type { AuditEvent } from '@medplum/fhirtypes';
import { agentsOf, CLIENT_REPORTED_TAG, purposeOfUse, RECEIVED_EXTENSION } from '../../audit/auditEvent';
import { AuditedRefusal, type UserContext } from '../context';
import { FhirError } from '../outcome';

export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
export const MAX_REPORT_AGE_MS = 30 * 24 * 3600_000;

const READ_SUBTYPES = new Set(['read', 'vread', 'search-type']);
/** Marks the device as the source of the record (DICOM security-source-type 1). */
const USER_DEVICE = {
  system: 'http://terminology.hl7.org/CodeSystem/security-source-type',
  code: '1',
  display: 'End-user display device, diagnostic display',
};

/**
 * Checks a client-reported AuditEvent before anything is written; answers its patient.
 * `path` is where it sits in the request ("" or "Bundle.entry[2].resource.").
 */
export async function checkClientAudit(ctx: UserContext, e: AuditEvent, path: string): Promise<string> {
  const refuse = (message: string, expression: string, patient?: string): never => {
    throw new AuditedRefusal(
      422,
      'business-rule',
      message,
      {
        access: ctx.access,
        interaction: 'create',
        patient,
        outcome: 'refused',
        detail: `Klientrapportert lesing avvist: ${message}`,
      },
      [`${path}AuditEvent.${expression}`],
    );
  };
  const refs = (e.entity ?? []).map((x) => x.what?.reference).filter((r): r is string => r !== undefined);
  const patients = new Set<string>();
  for (const r of refs) {
    const m = /^Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(r);
    if (!m) refuse('Bare en pasient (Patient/id) kan stå i entity.what.reference.', 'entity');
    patients.add(m![1]);
  }
  if (patients.size !== 1) {
    refuse(
      patients.size ? 'Én lesing gjelder én pasient.' : 'Pasienten mangler (entity.what.reference).',
      'entity',
    );
  }
  const [patient] = patients;
  await ctx.guard.requirePatients('Patient', 'r', [patient], { interaction: 'create' });

  const me = `Practitioner/${ctx.access.practitionerId}`;
  // The body may name the reader only as a reference to the token's user; the stored
  // agents come from the token whatever the body says.
  const other = (e.agent ?? []).find(
    (a) => (a.who?.reference !== undefined && a.who.reference !== me) || a.who?.identifier !== undefined,
  );
  if (other) {
    throw new AuditedRefusal(
      403,
      'forbidden',
      'En lesing kan bare rapporteres av den som leste (agent må være deg selv).',
      {
        access: ctx.access,
        interaction: 'create',
        patient,
        outcome: 'refused',
        detail: 'Klientrapportert lesing avvist: oppga en annen bruker som den som leste.',
      },
      [`${path}AuditEvent.agent`],
    );
  }
  if (e.action !== undefined && e.action !== 'R')
    refuse('Bare lesinger (action R) kan rapporteres.', 'action', patient);
  if ((e.subtype ?? []).some((c) => !READ_SUBTYPES.has(c.code ?? ''))) {
    refuse('Bare lesinger (subtype read) kan rapporteres.', 'subtype', patient);
  }
  if (e.outcome !== undefined && e.outcome !== '0') {
    refuse('Bare lesinger som lyktes (outcome 0) kan rapporteres.', 'outcome', patient);
  }
  const recorded = Date.parse(e.recorded);
  if (Number.isNaN(recorded)) {
    throw FhirError.of(400, 'invalid', 'recorded er ikke et gyldig tidspunkt.', [
      `${path}AuditEvent.recorded`,
    ]);
  }
  const received = ctx.services.now().getTime();
  if (recorded > received + MAX_CLOCK_SKEW_MS) {
    refuse('Tidspunktet (recorded) ligger fram i tid.', 'recorded', patient);
  }
  if (recorded < received - MAX_REPORT_AGE_MS) {
    refuse('Tidspunktet (recorded) er eldre enn 30 dager.', 'recorded', patient);
  }
  return patient;
}

/**
 * The record as stored: the client's claim (what, when, which patient) with the platform's
 * facts (who, from the token; received-at; the client-reported tag and source). The id is
 * derived from the client's own id and the user, so a retried upload is stored once and no
 * upload can touch another user's record.
 */
export function clientAuditEvent(ctx: UserContext, e: AuditEvent, clientId: string | undefined): AuditEvent {
  const { access } = ctx;
  const received = ctx.services.now().toISOString();
  const id = clientId
    ? `cr-${createHash('sha256').update(`${access.clientId}|${access.practitionerId}|${clientId}`).digest('hex').slice(0, 40)}`
    : undefined;
  const claimedSource = e.source?.observer?.display;
  return {
    resourceType: 'AuditEvent',
    id,
    meta: {
      tag: [CLIENT_REPORTED_TAG],
      extension: [{ url: RECEIVED_EXTENSION, valueInstant: received }],
    },
    type: e.type,
    subtype: e.subtype,
    action: 'R',
    recorded: e.recorded,
    outcome: '0',
    outcomeDesc: `Rapportert av enheten etterpå: lest fra enhetens lager uten nett (mottatt ${received}).`,
    purposeOfEvent: purposeOfUse(access),
    agent: agentsOf(access),
    source: {
      ...(claimedSource ? { site: claimedSource.slice(0, 200) } : {}),
      observer: { display: `client:${access.clientId}` },
      type: [USER_DEVICE],
    },
    entity: e.entity,
  };
}
