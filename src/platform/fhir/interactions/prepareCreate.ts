// Checks one create (a POST, or a POST entry of a transaction) before anything is written:
// the type apps may create, scope, structure, the vital-signs rules, the patient's
// existence and access. Throws FhirError or AccessDenied; writes nothing.
import type { AuditEvent, CarePlan, Communication, Flag, Observation, Resource } from '@medplum/fhirtypes';
import { searchColumns } from '../../events/projection';
import { prefixIssues, expectResource } from '../body';
import type { UserContext } from '../context';
import { FhirError, issuesOutcome } from '../outcome';
import { checkClientAudit } from './clientAudit';
import { checkCarePlanWrite, checkScale2FlagWrite } from './planWrite';
import { checkEscalationRecord } from './escalationRecord';
import { checkNewObservation } from './setChanges';
import { statusForIssues, validateStructure, validateVitalSignsObservation } from '../validation';

/**
 * What apps may create; everything else comes from the source systems ($import). CarePlan:
 * NEWS2 monitoring and personal plans; Flag: Scale 2 decisions and their ends (./planWrite.ts);
 * Communication: escalation records only (escalationRecord.ts).
 */
export const CREATE_TYPES = new Set(['Observation', 'AuditEvent', 'CarePlan', 'Flag', 'Communication']);

export interface IfNoneExist {
  kind: 'identifier' | 'id';
  value: string;
}

export interface PendingCreate {
  index: number;
  resource: Resource;
  ifNoneExist?: IfNoneExist;
  patient?: string;
}

export interface CreateInput {
  /** The resource as sent (not yet known to be one). */
  value: unknown;
  /** The type the URL names, when it names one. */
  type?: string;
  /** Where the resource sits in the request, e.g. "Bundle.entry[3].resource." ("" for a POST). */
  path: string;
  index: number;
  ifNoneExist?: string;
  /**
   * Patients this request already found to exist and may write for: a transaction's entries
   * mostly share one patient, looked up and checked once. Only passed checks are added.
   */
  knownPatients: Set<string>;
}

/** "identifier=system|value" -> token; other conditional-create criteria are refused. */
function ifNoneExistToken(criteria: string, path: string): IfNoneExist {
  const params = new URLSearchParams(criteria);
  const keys = [...params.keys()];
  if (keys.length === 1 && keys[0] === 'identifier' && params.get('identifier')) {
    return { kind: 'identifier', value: params.get('identifier') as string };
  }
  if (keys.length === 1 && keys[0] === '_id' && params.get('_id'))
    return { kind: 'id', value: params.get('_id') as string };
  throw FhirError.of(400, 'not-supported', `ifNoneExist støtter bare identifier=system|verdi: ${criteria}`, [
    path,
  ]);
}

export async function prepareCreate(ctx: UserContext, input: CreateInput): Promise<PendingCreate> {
  const { path } = input;
  const resource = expectResource(input.value, input.type, path);
  if (!CREATE_TYPES.has(resource.resourceType)) {
    throw FhirError.of(
      403,
      'forbidden',
      `Apper kan bare opprette Observation, AuditEvent, CarePlan (NEWS2-planer), Flag (skala 2) og Communication (eskalering); ${resource.resourceType} kommer fra kildesystemet.`,
      [`${path}resourceType`],
    );
  }
  ctx.guard.requireType(resource.resourceType, 'c', { interaction: 'create' });
  const structural = validateStructure(resource);
  if (structural.length) throw new FhirError(400, issuesOutcome(prefixIssues(structural, path)));
  const pending: PendingCreate = {
    index: input.index,
    resource,
    ifNoneExist: input.ifNoneExist
      ? ifNoneExistToken(input.ifNoneExist, `${path.replace(/resource\.$/, '')}request.ifNoneExist`)
      : undefined,
  };
  if (resource.resourceType === 'AuditEvent') {
    pending.patient = await checkClientAudit(ctx, resource as AuditEvent, path);
  }
  if (resource.resourceType === 'CarePlan') {
    pending.patient = await checkCarePlanWrite(ctx, resource as CarePlan, path, input.knownPatients);
  }
  if (resource.resourceType === 'Flag') {
    pending.patient = await checkScale2FlagWrite(ctx, resource as Flag, path, input.knownPatients);
  }
  if (resource.resourceType === 'Communication') {
    const token = pending.ifNoneExist?.kind === 'identifier' ? pending.ifNoneExist.value : undefined;
    pending.patient = await checkEscalationRecord(ctx, resource as Communication, path, token);
  }
  if (resource.resourceType === 'Observation') {
    const rules = validateVitalSignsObservation(resource);
    if (rules.length) throw new FhirError(statusForIssues(rules), issuesOutcome(prefixIssues(rules, path)));
    const patient = searchColumns(resource).patient as string;
    if (!input.knownPatients.has(patient)) {
      const exists = await ctx.services.store.read(ctx.tenant, 'Patient', patient);
      if (!exists) {
        throw FhirError.of(422, 'business-rule', `Patient/${patient} finnes ikke i kommune ${ctx.tenant}.`, [
          `${path}Observation.subject`,
        ]);
      }
      await ctx.guard.requirePatients('Observation', 'c', [patient], { interaction: 'create' });
      input.knownPatients.add(patient);
    }
    checkNewObservation(ctx, resource as Observation, path, patient);
    pending.patient = patient;
  }
  return pending;
}
