// The interaction steps oidc-provider hands to us: who logs in (simulated clinician login,
// or single sign-on from the EPJ's launch context), which patient (launch context or the
// standalone picker), what is granted (scopes.ts, by role), and, for another vendor's app,
// the user's consent after seeing what the app gets and does not get.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { allowFormTargets } from '../http/securityHeaders';
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import type { ClinicalDirectory, ClinicianUser } from '../directory';
import type { Database } from '../db/types';
import { VARDE_CLIENT_ID } from './clients';
import { formField } from './formBody';
import { consumeLaunch, peekLaunch, type GrantContext, type GrantContextStore } from './launches';
import { accountId, parseAccountId } from './provider';
import { decideContextScopes, decideResourceScopes, grantedScopes, type ScopeOutcome } from './scopes';
import type { LaunchRequest } from './types';
import { UPSTREAM_CALLBACK_PATH, UpstreamLoginError, type UpstreamLogin } from './upstreamLogin';
import { consentPage, loginPage, messagePage, patientPickerPage, type AppIdentity } from './views';

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

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

/** The patient a grant will be about, with how the app should show it. */
interface PatientChoice {
  patient: string;
  needPatientBanner: boolean;
  encounter?: string;
  intent?: string;
  launchId?: string;
}

/** What a POSTed form brought to the step. */
interface StepInput {
  /** The patient picked in the standalone picker (or carried by the consent form). */
  patient?: string;
  /** The user pressed "Gi tilgang" on the consent page. */
  consented: boolean;
}

/** A step that cannot go on: ends the authorization with access_denied and this reason. */
class InteractionError extends Error {}

function param(details: Details, name: string): string | undefined {
  const value = details.params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function requestedScopes(details: Details): string[] {
  return [...new Set((param(details, 'scope') ?? '').split(' ').filter(Boolean))];
}

function sendHtml(reply: FastifyReply, status: number, html: string) {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
}

/** Everything decided for one consent: context and resource scopes, each with its outcome. */
function decideAll(requested: string[], user: ClinicianUser, choice: PatientChoice | undefined) {
  const context = decideContextScopes(requested, {
    ehrLaunch: choice?.launchId !== undefined,
    patient: choice !== undefined,
    encounter: choice?.encounter !== undefined,
  });
  const resource = decideResourceScopes(requested, user.role);
  return { context, resource, all: [...context, ...resource] as ScopeOutcome[] };
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

  async function renderLogin(reply: FastifyReply, details: Details, tenant: string, error?: string) {
    if (deps.upstream) {
      let target: string;
      try {
        target = await deps.upstream.begin(details.uid, tenant);
      } catch {
        // The provider's discovery did not answer: say so; the login can be tried again.
        return sendHtml(
          reply,
          503,
          messagePage(
            'Identitetsleverandøren svarer ikke',
            'Innloggingen kan ikke startes nå. Prøv igjen om litt, eller kontakt brukerstøtte.',
          ),
        );
      }
      return reply.code(303).header('cache-control', 'no-store').redirect(target);
    }
    const users = await directory.listUsers(tenant);
    return sendHtml(
      reply,
      error ? 400 : 200,
      loginPage({
        uid: details.uid,
        tenantName: await tenantName(tenant),
        users,
        app: await appOf(details),
        // Before the user is known: what no clinician could be granted.
        scopes: decideResourceScopes(requestedScopes(details), 'clinician'),
        error,
      }),
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
    const requested = requestedScopes(details);
    const aud = param(details, 'aud')!;
    const decided = decideAll(requested, user, choice);
    const grantedContext = grantedScopes(decided.context);
    const clinical = grantedScopes(decided.resource);
    const granted = new Set([...grantedContext, ...clinical]);
    // Every requested scope not granted as it was written is rejected (a part grant adds
    // its narrower scopes to the granted ones instead).
    const rejected = requested.filter((s) => !granted.has(s));
    const rejectedContext = decided.context.filter((o) => o.refusal).map((o) => o.requested);

    if (choice?.launchId && !(await consumeLaunch(deps.db, choice.launchId))) {
      throw new InteractionError('Oppstarten fra EPJ er allerede brukt. Start appen på nytt fra EPJ.');
    }

    const grant = new provider.Grant({
      accountId: accountId(tenant, user.username),
      clientId: param(details, 'client_id')!,
    });
    if (grantedContext.length) grant.addOIDCScope(grantedContext.join(' '));
    if (rejectedContext.length) grant.rejectOIDCScope(rejectedContext.join(' '));
    // The context scopes are resource scopes too, so the access token's `scope` tells the
    // FHIR server about offline_access and the launch context, as SMART clients expect.
    if (granted.size) grant.addResourceScope(aud, [...granted].join(' '));
    if (rejected.length) grant.rejectResourceScope(aud, rejected.join(' '));
    const grantId = await grant.save();

    // oidc-provider issues the granted scopes that were also asked for. A part grant
    // (patient/*.rs for patient/*.*) was not asked for as such: it is added to the stored
    // request, so the code and token carry exactly what was granted.
    const narrower = [...granted].filter((s) => !requested.includes(s));
    if (narrower.length) {
      details.params.scope = [...requested, ...narrower].join(' ');
      await details.save(details.exp - Math.floor(Date.now() / 1000));
    }

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

  /** Another vendor's app: show what it gets before granting; the municipality's own app goes on. */
  async function consentOrGrant(
    req: FastifyRequest,
    reply: FastifyReply,
    details: Details,
    tenant: string,
    user: ClinicianUser,
    choice: PatientChoice | undefined,
    input: StepInput,
  ) {
    const app = await appOf(details);
    if (!app.thirdParty || input.consented) {
      return grantConsent(req, reply, details, tenant, user, choice);
    }
    return sendHtml(
      reply,
      200,
      consentPage({
        uid: details.uid,
        app,
        user,
        patient: choice ? await directory.findPatient(tenant, choice.patient) : undefined,
        pickedPatient: choice && !choice.launchId ? choice.patient : undefined,
        ehrLaunch: choice?.launchId !== undefined,
        outcomes: decideAll(requestedScopes(details), user, choice).all,
      }),
    );
  }

  /** Runs the current step with what a POSTed form brought. */
  async function step(req: FastifyRequest, reply: FastifyReply, details: Details, input: StepInput) {
    const tenant = await tenantOf(details);
    const launch = await launchOf(details, tenant);

    if (details.prompt.name === 'login') {
      if (launch && !deps.upstream) {
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
      if (launch && !deps.upstream)
        return finish(req, reply, { login: { accountId: accountId(tenant, launch.username) } }, false);
      return renderLogin(reply, details, tenant);
    }
    const user = await directory.findUser(tenant, session.username);
    if (!user) return renderLogin(reply, details, tenant, 'Brukeren finnes ikke lenger. Velg en annen.');

    if (launch) {
      return consentOrGrant(
        req,
        reply,
        details,
        tenant,
        user,
        {
          patient: launch.patientId,
          needPatientBanner: launch.needPatientBanner,
          launchId: param(details, 'launch'),
          ...(launch.encounter ? { encounter: launch.encounter } : {}),
          ...(launch.intent ? { intent: launch.intent } : {}),
        },
        input,
      );
    }
    // Standalone: a patient is picked when the app asks for launch/patient, or (as SMART
    // allows a server to infer) when it would be granted patient/ scopes, which reach
    // nothing without a patient in context.
    const requested = requestedScopes(details);
    const wantsPatient =
      requested.includes('launch/patient') ||
      grantedScopes(decideResourceScopes(requested, user.role)).some((s) => s.startsWith('patient/'));
    if (!wantsPatient || user.role === 'administrator') {
      return consentOrGrant(req, reply, details, tenant, user, undefined, input);
    }
    const app = await appOf(details);
    const patients = await directory.listPatientsForUser(tenant, user.practitionerId);
    if (input.patient === undefined) {
      return sendHtml(reply, 200, patientPickerPage({ uid: details.uid, user, patients, app }));
    }
    if (!patients.some((p) => p.id === input.patient)) {
      return sendHtml(
        reply,
        403,
        patientPickerPage({
          uid: details.uid,
          user,
          patients,
          app,
          error: 'Du har ikke tjenstlig behov for den pasienten.',
        }),
      );
    }
    return consentOrGrant(
      req,
      reply,
      details,
      tenant,
      user,
      { patient: input.patient, needPatientBanner: true },
      input,
    );
  }

  async function withDetails(
    req: FastifyRequest<{ Params: { uid: string } }>,
    reply: FastifyReply,
    run: (details: Details) => Promise<unknown>,
  ) {
    let details: Details;
    try {
      details = await provider.interactionDetails(req.raw, reply.raw);
      // The forms of these pages end, after redirects, at the app's redirect_uri.
      allowFormTargets(reply, [param(details, 'redirect_uri') ?? '']);
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
        return step(req, reply, details, { consented: false });
      }),
  );

  app.post<{ Params: { uid: string } }>('/auth/interaction/:uid/patient', (req, reply) =>
    withDetails(req, reply, (details) =>
      step(req, reply, details, { patient: formField(req.body, 'patient'), consented: false }),
    ),
  );

  app.post<{ Params: { uid: string } }>('/auth/interaction/:uid/consent', (req, reply) =>
    withDetails(req, reply, (details) =>
      step(req, reply, details, { patient: formField(req.body, 'patient'), consented: true }),
    ),
  );

  app.post<{ Params: { uid: string } }>('/auth/interaction/:uid/login', (req, reply) =>
    withDetails(req, reply, async (details) => {
      const tenant = await tenantOf(details);
      if (deps.upstream) {
        return sendHtml(
          reply,
          403,
          messagePage(
            'Simulert innlogging er slått av',
            'Logg inn via identitetsleverandøren. Start på nytt fra appen.',
          ),
        );
      }
      const username = formField(req.body, 'username');
      const user = username ? await directory.findUser(tenant, username) : undefined;
      if (!user) return renderLogin(reply, details, tenant, 'Velg en bruker fra listen.');
      return finish(req, reply, { login: { accountId: accountId(tenant, user.username) } }, false);
    }),
  );

  // Back from the external OpenID provider (upstreamLogin.ts): its one registered callback,
  // then on to the interaction, where oidc-provider's cookie shows it is the same browser.
  app.get<{ Querystring: Record<string, string | undefined> }>(UPSTREAM_CALLBACK_PATH, async (req, reply) => {
    if (!deps.upstream)
      return sendHtml(reply, 404, messagePage('Ukjent adresse', 'Denne adressen finnes ikke.'));
    let next: Awaited<ReturnType<UpstreamLogin['complete']>>;
    try {
      next = await deps.upstream.complete(req.query);
    } catch (error) {
      if (!(error instanceof UpstreamLoginError)) throw error;
      return sendHtml(reply, 400, messagePage('Innloggingen kunne ikke fullføres', error.message));
    }
    if (next.problem) {
      // What went wrong between the servers, for the operator; no tokens or personal data.
      const e = next.problem as Error & { code?: string };
      req.log.warn({ err: { type: e.name, code: e.code, message: e.message } }, 'upstream login failed');
    }
    const target = `/auth/interaction/${encodeURIComponent(next.uid)}/upstream?state=${encodeURIComponent(next.state)}`;
    return reply.code(303).header('cache-control', 'no-store').redirect(target);
  });

  app.get<{ Params: { uid: string }; Querystring: { state?: string } }>(
    '/auth/interaction/:uid/upstream',
    (req, reply) =>
      withDetails(req, reply, async (details) => {
        if (!deps.upstream)
          throw new InteractionError('Innlogging hos identitetsleverandør er ikke satt opp.');
        let login: Awaited<ReturnType<UpstreamLogin['take']>>;
        try {
          login = await deps.upstream.take(details.uid, req.query.state ?? '');
        } catch (error) {
          if (error instanceof UpstreamLoginError) throw new InteractionError(error.message);
          throw error;
        }
        const tenant = await tenantOf(details);
        if (login.tenant !== tenant) throw new InteractionError('Innloggingen gjelder en annen kommune.');
        const { hpr } = login.identity;
        const user = (await directory.listUsers(tenant)).find((u) => u.hpr === hpr);
        if (!user) {
          throw new InteractionError(
            `Du (HPR-nummer ${hpr}) er ikke registrert som bruker i ${await tenantName(tenant)}.`,
          );
        }
        const launch = await launchOf(details, tenant);
        if (launch && launch.username !== user.username) {
          throw new InteractionError(
            'Du er logget inn som en annen enn brukeren i EPJ. Start appen på nytt fra EPJ.',
          );
        }
        return finish(req, reply, { login: { accountId: accountId(tenant, user.username) } }, false);
      }),
  );

  app.post<{ Params: { uid: string } }>('/auth/interaction/:uid/abort', (req, reply) =>
    withDetails(req, reply, (_details) =>
      finish(req, reply, { error: 'access_denied', error_description: 'Innloggingen ble avbrutt.' }, false),
    ),
  );
}
