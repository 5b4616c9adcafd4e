// What every interaction step works with: the dependencies, the provider's interaction
// details and the reads of them (tenant, app, EHR launch), the HTML reply, the step's
// error, the scope decisions of one consent, and the end of a step (oidc-provider's
// interactionResult). The steps are in interactions.ts and interactionConsent.ts.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import type { ClinicalDirectory, ClinicianUser } from '../directory';
import type { Database } from '../db/types';
import { VARDE_CLIENT_ID } from './clients';
import { peekLaunch, type GrantContextStore } from './launches';
import { decideContextScopes, decideResourceScopes, type ScopeOutcome } from './scopes';
import type { LaunchRequest } from './types';
import type { UpstreamLogin } from './upstreamLogin';
import type { AppIdentity } from './views';

export interface InteractionDeps {
  provider: Provider;
  db: Database;
  directory: ClinicalDirectory;
  grantContexts: GrantContextStore;
  grantTtlSeconds: number;
  tenantOfAudience(aud: string): Promise<string | undefined>;
  /**
   * Login at an external OpenID provider. When set, every login goes through it: the
   * simulated login (pick a test user) is off, and an EHR launch's clinician must be the
   * one who logs in there.
   */
  upstream?: UpstreamLogin;
}

export type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

/** The patient a grant will be about, with how the app should show it. */
export interface PatientChoice {
  patient: string;
  needPatientBanner: boolean;
  encounter?: string;
  intent?: string;
  launchId?: string;
}

/** What a POSTed form brought to the step. */
export interface StepInput {
  /** The patient picked in the standalone picker (or carried by the consent form). */
  patient?: string;
  /** The user pressed "Gi tilgang" on the consent page. */
  consented: boolean;
}

/** A step that cannot go on: ends the authorization with access_denied and this reason. */
export class InteractionError extends Error {}

export function param(details: Details, name: string): string | undefined {
  const value = details.params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function requestedScopes(details: Details): string[] {
  return [...new Set((param(details, 'scope') ?? '').split(' ').filter(Boolean))];
}

export function sendHtml(reply: FastifyReply, status: number, html: string) {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
}

/** Everything decided for one consent: context and resource scopes, each with its outcome. */
export function decideAll(requested: string[], user: ClinicianUser, choice: PatientChoice | undefined) {
  const context = decideContextScopes(requested, {
    ehrLaunch: choice?.launchId !== undefined,
    patient: choice !== undefined,
    encounter: choice?.encounter !== undefined,
  });
  const resource = decideResourceScopes(requested, user.role);
  return { context, resource, all: [...context, ...resource] as ScopeOutcome[] };
}

/** The lookups and the end of a step, bound to one server's dependencies. */
export interface InteractionContext {
  deps: InteractionDeps;
  tenantOf(details: Details): Promise<string>;
  tenantName(tenant: string): Promise<string>;
  appOf(details: Details): Promise<AppIdentity>;
  launchOf(details: Details, tenant: string): Promise<LaunchRequest | undefined>;
  finish(
    req: FastifyRequest,
    reply: FastifyReply,
    result: InteractionResults,
    merge: boolean,
  ): Promise<unknown>;
}

export function createInteractionContext(deps: InteractionDeps): InteractionContext {
  const { provider, directory } = deps;

  async function tenantOf(details: Details): Promise<string> {
    const aud = param(details, 'aud');
    const tenant = aud ? await deps.tenantOfAudience(aud) : undefined;
    if (!tenant) throw new InteractionError('Forespørselen mangler en gyldig FHIR-adresse (aud).');
    return tenant;
  }

  async function tenantName(tenant: string): Promise<string> {
    const tenants = await directory.listTenants();
    return tenants.find((t) => t.id === tenant)?.name ?? tenant;
  }

  async function appOf(details: Details): Promise<AppIdentity> {
    const clientId = param(details, 'client_id') ?? '';
    const client = await provider.Client.find(clientId);
    return { clientId, name: client?.clientName ?? clientId, thirdParty: clientId !== VARDE_CLIENT_ID };
  }

  async function launchOf(details: Details, tenant: string): Promise<LaunchRequest | undefined> {
    const launchId = param(details, 'launch');
    if (!launchId) return undefined;
    const launch = await peekLaunch(deps.db, launchId);
    if (!launch || launch.tenant !== tenant) {
      throw new InteractionError(
        'Oppstarten fra EPJ er ukjent, utløpt eller allerede brukt. Start appen på nytt fra EPJ.',
      );
    }
    // A launch is made for one app: another app must not pick up its patient.
    if (launch.clientId !== undefined && launch.clientId !== param(details, 'client_id')) {
      throw new InteractionError('Oppstarten fra EPJ gjelder en annen app (client_id). Start appen fra EPJ.');
    }
    return launch;
  }

  async function finish(
    req: FastifyRequest,
    reply: FastifyReply,
    result: InteractionResults,
    merge: boolean,
  ) {
    const redirectTo = await provider.interactionResult(req.raw, reply.raw, result, {
      mergeWithLastSubmission: merge,
    });
    return reply.code(303).header('cache-control', 'no-store').redirect(redirectTo);
  }

  return { deps, tenantOf, tenantName, appOf, launchOf, finish };
}
