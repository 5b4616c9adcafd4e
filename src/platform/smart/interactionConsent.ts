// The consent step: another vendor's app shows the user what it gets and does not get
// before anything is granted; then the scopes are decided (scopes.ts, by role), the SMART
// context is bound to a new grant, and the step ends.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ClinicianUser } from '../directory';
import {
  decideAll,
  InteractionError,
  param,
  requestedScopes,
  sendHtml,
  type Details,
  type InteractionContext,
  type PatientChoice,
  type StepInput,
} from './interactionContext';
import { consumeLaunch, type GrantContext } from './launches';
import { accountId } from './provider';
import { grantedScopes } from './scopes';
import { consentPage } from './views';

/** One consent step: the request, its interaction, the tenant, the user and the patient. */
export interface ConsentStep {
  req: FastifyRequest;
  reply: FastifyReply;
  details: Details;
  tenant: string;
  user: ClinicianUser;
  choice: PatientChoice | undefined;
}

/** Decides the scopes, binds the SMART context to a new grant and ends the consent step. */
async function grantConsent(ctx: InteractionContext, step: ConsentStep) {
  const { deps } = ctx;
  const { provider } = deps;
  const { req, reply, details, tenant, user, choice } = step;

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
  return ctx.finish(req, reply, { consent: { grantId } }, true);
}

/** Another vendor's app: show what it gets before granting; the municipality's own app goes on. */
export async function consentOrGrant(ctx: InteractionContext, step: ConsentStep, input: StepInput) {
  const { details, tenant, user, choice } = step;
  const app = await ctx.appOf(details);
  if (!app.thirdParty || input.consented) {
    return grantConsent(ctx, step);
  }
  return sendHtml(
    step.reply,
    200,
    consentPage({
      uid: details.uid,
      app,
      user,
      patient: choice ? await ctx.deps.directory.findPatient(tenant, choice.patient) : undefined,
      pickedPatient: choice && !choice.launchId ? choice.patient : undefined,
      ehrLaunch: choice?.launchId !== undefined,
      outcomes: decideAll(requestedScopes(details), user, choice).all,
    }),
  );
}
