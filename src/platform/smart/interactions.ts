// The interaction steps oidc-provider hands to us: who logs in (simulated clinician login,
// or single sign-on from the EPJ's launch context), which patient (launch context or the
// standalone picker), what is granted (scopes.ts, by role), and, for another vendor's app,
// the user's consent after seeing what the app gets and does not get.
//
// The routes and the login and patient steps are here; what every step works with is in
// interactionContext.ts, the consent step in interactionConsent.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { allowFormTargets } from '../http/securityHeaders';
import { formField } from './formBody';
import { consentOrGrant } from './interactionConsent';
import {
  createInteractionContext,
  InteractionError,
  param,
  requestedScopes,
  sendHtml,
  type Details,
  type InteractionDeps,
  type StepInput,
} from './interactionContext';
import { accountId, parseAccountId } from './provider';
import { decideResourceScopes, grantedScopes } from './scopes';
import { UPSTREAM_CALLBACK_PATH, UpstreamLoginError, type UpstreamLogin } from './upstreamLogin';
import { loginPage, messagePage, patientPickerPage } from './views';

export type { InteractionDeps } from './interactionContext';

export function registerInteractions(app: FastifyInstance, deps: InteractionDeps): void {
  const { provider, directory } = deps;
  const ctx = createInteractionContext(deps);
  const { tenantOf, tenantName, appOf, launchOf, finish } = ctx;

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
        ctx,
        {
          req,
          reply,
          details,
          tenant,
          user,
          choice: {
            patient: launch.patientId,
            needPatientBanner: launch.needPatientBanner,
            launchId: param(details, 'launch'),
            ...(launch.encounter ? { encounter: launch.encounter } : {}),
            ...(launch.intent ? { intent: launch.intent } : {}),
          },
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
      return consentOrGrant(ctx, { req, reply, details, tenant, user, choice: undefined }, input);
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
      ctx,
      { req, reply, details, tenant, user, choice: { patient: input.patient, needPatientBanner: true } },
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
