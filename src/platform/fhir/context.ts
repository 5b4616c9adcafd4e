// The request context every FHIR handler receives instead of positional parameters: the
// request, its tenant and route parameters, the router's services, and the two steps
// every request passes through, the access guard and the audit trail.
//
// Access: a handler asks the guard (type, then patients); a "no" throws AccessDenied, and
// the pipeline (router.ts) writes the denial's AuditEvent before answering 403. Audit: a
// handler notes what it returned or wrote; the pipeline writes the notes once the handler
// has answered, and drops them when it failed. Every touch of patient data is audited.
import { timingSafeEqual } from 'node:crypto';
import type { AccessPolicy, Permission } from '../access/policy';
import { buildAuditEvent, type AuditInput } from '../audit/auditEvent';
import type { Tenant } from '../directory';
import type { EventStore } from '../events/types';
import type { AccessContext, TokenVerifier } from '../smart/types';
import type { OAuthUris } from './capability';
import { FhirError, outcome, type IssueCode } from './outcome';
import type { Pacer } from './pacing';
import { bearer, type FhirRequest } from './request';
import type { Params } from './routeTable';

/** What the handlers share, made once per router. */
export interface RouterServices {
  store: EventStore;
  policy: AccessPolicy;
  verifier: TokenVerifier;
  tenants: ReadonlyMap<string, Tenant>;
  /** Static bearer of the municipality's source systems ($import). */
  importToken: string;
  now(): Date;
  /** The FHIR base of a municipality, e.g. "https://host/fhir/4601". */
  baseUrl(tenant: string): string;
  /** How long one request may work before it is stopped (503). */
  timeLimitMs: number;
  /** The SMART authorization server's endpoints, for /metadata (absent without one). */
  oauthUris?: OAuthUris;
}

/** An audit record as a handler notes it; who acted and when are added by the trail. */
export type AuditNote = Omit<AuditInput, 'recorded' | 'access'>;
/** Where a denial happened, for its audit record. */
export type DenialNote = Pick<AuditInput, 'interaction' | 'patient' | 'query'>;

/** A refusal that is itself audited: the pipeline writes `audit`, then answers. */
export class AuditedRefusal extends FhirError {
  constructor(
    status: number,
    code: IssueCode,
    message: string,
    readonly audit: Omit<AuditInput, 'recorded'>,
    expression?: string[],
  ) {
    super(status, outcome('error', code, message, expression));
  }
}

/** A refusal by the access step: audited, then answered 403 forbidden. */
export class AccessDenied extends AuditedRefusal {
  constructor(message: string, audit: Omit<AuditInput, 'recorded'>) {
    super(403, 'forbidden', message, audit);
  }
}

export interface AuditTrail {
  /** Notes a record, written after the handler has answered (never when it failed). */
  record(note: AuditNote): void;
  /** Writes the noted records in order; the pipeline calls it. */
  flush(): Promise<void>;
}

export interface AccessGuard {
  /** May the token do `perm` on `type` at all (scope and role)? */
  requireType(type: string, perm: Permission, where: DenialNote): void;
  /**
   * May the token do `perm` on `type` for each of these patients? Any refusal denies the
   * whole request. Passed checks are remembered for the rest of the request, so a search
   * checks its patient once, not again for each resource it found.
   */
  requirePatients(
    type: string,
    perm: Permission,
    patients: Iterable<string>,
    where: DenialNote,
  ): Promise<void>;
  deny(reason: string, where: DenialNote): never;
}

interface BaseContext {
  readonly req: FhirRequest;
  readonly tenant: string;
  readonly params: Params;
  readonly services: RouterServices;
  readonly audit: AuditTrail;
  /** Long loops call `pace.step()` between units of work (see pacing.ts). */
  readonly pace: Pacer;
}

/** The context of a public route (metadata) or a source-system route ($import). */
export type SystemContext = BaseContext;

/** The context of a route a user's SMART token opened. */
export interface UserContext extends BaseContext {
  readonly access: AccessContext;
  readonly guard: AccessGuard;
}

export function auditTrail(
  services: RouterServices,
  tenant: string,
  access: AccessContext | undefined,
): AuditTrail {
  const pending: AuditInput[] = [];
  return {
    record(note) {
      pending.push({ ...note, access, recorded: services.now().toISOString() });
    },
    async flush() {
      // Written with concurrent requests' records, committed before the answer goes out.
      await services.store.recordAudits(tenant, pending.splice(0).map(buildAuditEvent));
    },
  };
}

export function accessGuard(services: RouterServices, access: AccessContext): AccessGuard {
  const passed = new Set<string>();
  const deny = (reason: string, where: DenialNote): never => {
    throw new AccessDenied(reason, { ...where, access, outcome: 'denied', detail: reason });
  };
  return {
    deny,
    requireType(type, perm, where) {
      const d = services.policy.checkType(access, type, perm);
      if (d.kind === 'denied') deny(d.reason, where);
    },
    async requirePatients(type, perm, patients, where) {
      for (const p of new Set(patients)) {
        const key = `${type}|${perm}|${p}`;
        if (passed.has(key)) continue;
        const d = await services.policy.checkPatient(access, type, perm, p);
        if (d.kind === 'denied') deny(d.reason, { ...where, patient: p });
        passed.add(key);
      }
    },
  };
}

const OTHER_TENANT = 'Tokenet gjelder en annen kommune.';

/** The access step of user routes: the SMART access token, for this municipality. */
export async function authenticateUser(
  services: RouterServices,
  req: FhirRequest,
  tenant: string,
): Promise<AccessContext> {
  const v = await services.verifier.verifyAccessToken(bearer(req), tenant);
  if (v.kind === 'ok') {
    if (v.access.tenant !== tenant) {
      throw new AccessDenied(OTHER_TENANT, {
        access: v.access,
        interaction: 'operation',
        outcome: 'denied',
        detail: OTHER_TENANT,
      });
    }
    return v.access;
  }
  if (v.kind === 'wrong-tenant') {
    throw new AccessDenied(`Tokenet gjelder en annen kommune (${v.reason}).`, {
      interaction: 'operation',
      outcome: 'denied',
      detail: OTHER_TENANT,
      agentDisplay: 'token fra en annen kommune',
    });
  }
  throw new FhirError(401, outcome('error', 'login', `Mangler eller ugyldig tilgangstoken: ${v.reason}`), {
    'www-authenticate': 'Bearer realm="varde", error="invalid_token"',
  });
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The access step of source-system routes: the municipality's static import bearer. */
export function authenticateSourceSystem(services: RouterServices, req: FhirRequest): void {
  const token = bearer(req);
  if (!token || !safeEqual(token, services.importToken)) {
    throw new FhirError(401, outcome('error', 'login', 'Import krever kildesystemets tilgangsnøkkel.'), {
      'www-authenticate': 'Bearer realm="varde-import"',
    });
  }
}
