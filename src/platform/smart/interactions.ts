// The interaction steps oidc-provider hands to us: who logs in (simulated clinician login,
// or single sign-on from the EPJ's launch context), which patient (launch context or the
// standalone picker), and which scopes are granted (role policy in scopes.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import type { ClinicalDirectory, ClinicianUser } from '../directory';
import type { Database } from '../db/types';
import { formField } from './formBody';
import { consumeLaunch, peekLaunch, type GrantContext, type GrantContextStore } from './launches';
import { accountId, parseAccountId } from './provider';
import { CONTEXT_SCOPES, decideResourceScopes } from './scopes';
import type { LaunchRequest } from './types';
import { loginPage, messagePage, patientPickerPage } from './views';

export interface InteractionDeps {
  provider: Provider;
  db: Database;
  directory: ClinicalDirectory;
  grantContexts: GrantContextStore;
  grantTtlSeconds: number;
  tenantOfAudience(aud: string): Promise<string | undefined>;
}

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

/** The patient a grant will be about, with how the app should show it. */
interface PatientChoice {
  patient: string;
  needPatientBanner: boolean;
  encounter?: string;
  intent?: string;
  launchId?: string;
}

/** A step that cannot go on: ends the authorization with access_denied and this reason. */
class InteractionError extends Error {}

function param(details: Details, name: string): string | undefined {
  const value = details.params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function sendHtml(reply: FastifyReply, status: number, html: string) {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
}

export function registerInteractions(app: FastifyInstance, deps: InteractionDeps): void {
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

  async function launchOf(details: Details, tenant: string): Promise<LaunchRequest | undefined> {
    const launchId = param(details, 'launch');
    if (!launchId) return undefined;
    const launch = await peekLaunch(deps.db, launchId);
    if (!launch || launch.tenant !== tenant) {
      throw new InteractionError(
        'Oppstarten fra EPJ er ukjent, utløpt eller allerede brukt. Start Varde på nytt fra EPJ.',
      );
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

  async function renderLogin(reply: FastifyReply, details: Details, tenant: string, error?: string) {
    const users = await directory.listUsers(tenant);
    return sendHtml(
      reply,
      error ? 400 : 200,
      loginPage({ uid: details.uid, tenantName: await tenantName(tenant), users, error }),
    );
  }

  /** Decides the scopes, binds the SMART context to a new grant and ends the consent step. */
  async function grantConsent(
    req: FastifyRequest,
    reply: FastifyReply,
    details: Details,
    tenant: string,
    user: ClinicianUser,
    choice: PatientChoice | undefined,
  ) {
    const requested = (param(details, 'scope') ?? '').split(' ').filter(Boolean);
    const aud = param(details, 'aud')!;
    const contextScopes = requested.filter((s) => (CONTEXT_SCOPES as readonly string[]).includes(s));
    const grantedContext = contextScopes.filter((s) => {
      if (s === 'launch') return choice?.launchId !== undefined;
      if (s === 'launch/patient') return choice !== undefined;
      if (s === 'launch/encounter') return choice?.encounter !== undefined;
      return true;
    });
    const rejectedContext = contextScopes.filter((s) => !grantedContext.includes(s));
    const clinical = decideResourceScopes(requested, user.role);

    if (choice?.launchId && !(await consumeLaunch(deps.db, choice.launchId))) {
      throw new InteractionError('Oppstarten fra EPJ er allerede brukt. Start Varde på nytt fra EPJ.');
    }

    const grant = new provider.Grant({
      accountId: accountId(tenant, user.username),
      clientId: param(details, 'client_id')!,
    });
    if (grantedContext.length) grant.addOIDCScope(grantedContext.join(' '));
    if (rejectedContext.length) grant.rejectOIDCScope(rejectedContext.join(' '));
    // The context scopes are resource scopes too, so the access token's `scope` tells the
    // FHIR server about offline_access and the launch context, as SMART clients expect.
    const resourceGranted = [...grantedContext, ...clinical.granted];
    const resourceRejected = [...rejectedContext, ...clinical.rejected];
    if (resourceGranted.length) grant.addResourceScope(aud, resourceGranted.join(' '));
    if (resourceRejected.length) grant.rejectResourceScope(aud, resourceRejected.join(' '));
    const grantId = await grant.save();

    const context: GrantContext = {
      tenant,
      username: user.username,
      practitionerId: user.practitionerId,
      role: user.role,
      organizationId: user.organizationId,
      organizationName: user.organizationName,
      ...(choice ?? {}),
    };
    await deps.grantContexts.save(grantId, context, deps.grantTtlSeconds);
    return finish(req, reply, { consent: { grantId } }, true);
  }

  /** Runs the current step; a POSTed picker form carries the chosen patient in req.body. */
  async function step(req: FastifyRequest, reply: FastifyReply, details: Details) {
    const tenant = await tenantOf(details);
    const launch = await launchOf(details, tenant);

    if (details.prompt.name === 'login') {
      if (launch) {
        // Single sign-on: the EPJ vouches for its logged-in user.
        const user = await directory.findUser(tenant, launch.username);
        if (!user) throw new InteractionError('Brukeren fra EPJ finnes ikke i kommunen.');
        return finish(req, reply, { login: { accountId: accountId(tenant, user.username) } }, false);
      }
      return renderLogin(reply, details, tenant);
    }

    if (details.prompt.name !== 'consent') {
      throw new InteractionError('Ukjent steg i innloggingen.');
    }

    const session = details.session?.accountId ? parseAccountId(details.session.accountId) : undefined;
    const sameUser = session?.tenant === tenant && (!launch || session.username === launch.username);
    if (!session || !sameUser) {
      // A session of another municipality or another EPJ user must not carry over.
      if (launch)
        return finish(req, reply, { login: { accountId: accountId(tenant, launch.username) } }, false);
      return renderLogin(reply, details, tenant);
    }
    const user = await directory.findUser(tenant, session.username);
    if (!user) return renderLogin(reply, details, tenant, 'Brukeren finnes ikke lenger. Velg en annen.');

    if (launch) {
      return grantConsent(req, reply, details, tenant, user, {
        patient: launch.patientId,
        needPatientBanner: launch.needPatientBanner,
        launchId: param(details, 'launch'),
        ...(launch.encounter ? { encounter: launch.encounter } : {}),
        ...(launch.intent ? { intent: launch.intent } : {}),
      });
    }
    const wantsPatient = (param(details, 'scope') ?? '').split(' ').includes('launch/patient');
    if (!wantsPatient || user.role === 'administrator') {
      return grantConsent(req, reply, details, tenant, user, undefined);
    }
    const patientId = formField(req.body, 'patient');
    const patients = await directory.listPatientsForUser(tenant, user.practitionerId);
    if (patientId === undefined) {
      return sendHtml(reply, 200, patientPickerPage({ uid: details.uid, user, patients }));
    }
    if (!patients.some((p) => p.id === patientId)) {
      return sendHtml(
        reply,
        403,
        patientPickerPage({
          uid: details.uid,
          user,
          patients,
          error: 'Du har ikke tjenstlig behov for den pasienten.',
        }),
      );
    }
    return grantConsent(req, reply, details, tenant, user, { patient: patientId, needPatientBanner: true });
  }

  async function withDetails(
    req: FastifyRequest<{ Params: { uid: string } }>,
    reply: FastifyReply,
    run: (details: Details) => Promise<unknown>,
  ) {
    let details: Details;
    try {
      details = await provider.interactionDetails(req.raw, reply.raw);
    } catch {
      return sendHtml(
        reply,
        400,
        messagePage(
          'Innloggingen er utløpt',
          'Innloggingen er utløpt eller ugyldig. Start på nytt fra appen eller EPJ.',
        ),
      );
    }
    if (details.uid !== req.params.uid) {
      return sendHtml(
        reply,
        400,
        messagePage('Ugyldig forespørsel', 'Innloggingen hører ikke til denne nettleseren.'),
      );
    }
    try {
      return await run(details);
    } catch (error) {
      if (error instanceof InteractionError) {
        return finish(req, reply, { error: 'access_denied', error_description: error.message }, false);
      }
      throw error;
    }
  }

  app.get<{ Params: { uid: string }; Querystring: { 'bytt-bruker'?: string } }>(
    '/auth/interaction/:uid',
    (req, reply) =>
      withDetails(req, reply, async (details) => {
        // "Bytt bruker" on the patient picker: show the login list instead of the session's user.
        if (req.query['bytt-bruker'] === '1' && !param(details, 'launch')) {
          return renderLogin(reply, details, await tenantOf(details));
        }
        return step(req, reply, details);
      }),
  );

  app.post<{ Params: { uid: string } }>('/auth/interaction/:uid/patient', (req, reply) =>
    withDetails(req, reply, (details) => step(req, reply, details)),
  );

  app.post<{ Params: { uid: string } }>('/auth/interaction/:uid/login', (req, reply) =>
    withDetails(req, reply, async (details) => {
      const tenant = await tenantOf(details);
      const username = formField(req.body, 'username');
      const user = username ? await directory.findUser(tenant, username) : undefined;
      if (!user) return renderLogin(reply, details, tenant, 'Velg en bruker fra listen.');
      return finish(req, reply, { login: { accountId: accountId(tenant, user.username) } }, false);
    }),
  );

  app.post<{ Params: { uid: string } }>('/auth/interaction/:uid/abort', (req, reply) =>
    withDetails(req, reply, (_details) =>
      finish(req, reply, { error: 'access_denied', error_description: 'Innloggingen ble avbrutt.' }, false),
    ),
  );
}
