// EPJ launch simulator: stands in for a municipality's record system (EPJ) that launches
// apps with SMART EHR launch. Pick municipality, logged-in clinician, patient and app, then
// "Start appen" stores a launch context for that app and sends the browser to the app's
// launch URL with `iss` and the opaque launch id; from there it is the real SMART protocol.
// Any registered client with a launch URL is offered (Varde first and chosen by default).
// Nothing about the patient goes into a URL, only the launch id.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ClinicalDirectory, ClinicianUser, PatientSummary, Tenant } from '../directory';
import { allowFormTargets } from '../http/securityHeaders';
import { VARDE_CLIENT_ID } from '../smart/clients';
import { ensureFormParser, formField } from '../smart/formBody';
import type { LaunchableApp, SmartServer } from '../smart/types';
import { EPJ_SCRIPT, EPJ_SCRIPT_ROUTE, renderEpjPage, type Selected } from './view';

export interface EpjSimulatorOptions {
  publicUrl: string;
  /** Where the PWA is served (the "without EPJ" link), without trailing slash. */
  appUrl: string;
  directory: ClinicalDirectory;
  smart: Pick<SmartServer, 'createLaunch' | 'fhirBase' | 'launchableApps'>;
  /** How many patients the picker lists. */
  patientLimit?: number;
}

interface EpjChoices {
  tenants: Tenant[];
  tenant: Tenant | undefined;
  users: ClinicianUser[];
  patients: PatientSummary[];
  apps: LaunchableApp[];
}

/** The app's launch URL with SMART's two EHR launch parameters added to any it has. */
export function launchTarget(launchUri: string, iss: string, launch: string): string {
  const url = new URL(launchUri);
  url.searchParams.set('iss', iss);
  url.searchParams.set('launch', launch);
  return url.href;
}

export async function registerEpjSimulator(app: FastifyInstance, opts: EpjSimulatorOptions): Promise<void> {
  const appUrl = opts.appUrl.replace(/\/+$/, '');
  const { directory } = opts;
  const patientLimit = opts.patientLimit ?? 500;

  async function choices(tenantId: string | undefined): Promise<EpjChoices> {
    const [tenants, apps] = await Promise.all([directory.listTenants(), opts.smart.launchableApps()]);
    const tenant = tenants.find((t) => t.id === tenantId) ?? tenants[0];
    if (!tenant) return { tenants, tenant, users: [], patients: [], apps };
    const [users, patients] = await Promise.all([
      directory.listUsers(tenant.id),
      directory.listPatients(tenant.id, { limit: patientLimit }),
    ]);
    return { tenants, tenant, users, patients, apps };
  }

  function sendPage(reply: FastifyReply, status: number, c: EpjChoices, error?: string, selected?: Selected) {
    // "Start appen" answers with a redirect to the chosen app's launch URL.
    allowFormTargets(
      reply,
      c.apps.map((a) => a.launchUri),
    );
    return reply
      .code(status)
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(renderEpjPage({ ...c, appUrl, error, selected }));
  }

  await app.register(async (scope) => {
    ensureFormParser(scope);

    scope.get<{ Querystring: { kommune?: string } }>('/epj', async (req, reply) => {
      const c = await choices(req.query.kommune);
      const unknown = req.query.kommune !== undefined && c.tenant?.id !== req.query.kommune;
      return sendPage(
        reply,
        unknown ? 404 : 200,
        c,
        unknown ? 'Ukjent kommune. Velg en fra listen.' : undefined,
      );
    });

    // The patient filter, as a file of its own so the page needs no inline script.
    scope.get(EPJ_SCRIPT_ROUTE, async (_req, reply) =>
      reply
        .header('cache-control', 'public, max-age=31536000, immutable')
        .type('text/javascript; charset=utf-8')
        .send(EPJ_SCRIPT),
    );

    scope.post('/epj/launch', async (req, reply) => {
      const tenantId = formField(req.body, 'tenant');
      const username = formField(req.body, 'username');
      const patientId = formField(req.body, 'patient');
      const banner = formField(req.body, 'banner');
      // Varde is the default app, also for a form (or script) that names none.
      const clientId = formField(req.body, 'app') ?? VARDE_CLIENT_ID;
      const c = await choices(tenantId);
      const selected = { username, patientId, banner, app: clientId };
      if (!c.tenant || c.tenant.id !== tenantId) return sendPage(reply, 400, c, 'Velg en kommune.', selected);
      const user = c.users.find((u) => u.username === username);
      if (!user) return sendPage(reply, 400, c, 'Velg en kliniker.', selected);
      const patient = c.patients.find((p) => p.id === patientId);
      if (!patient) return sendPage(reply, 400, c, 'Velg en pasient fra listen.', selected);
      if (banner !== 'epj' && banner !== 'varde') {
        return sendPage(reply, 400, c, 'Velg hvem som viser pasientbanneret.', selected);
      }
      const target = c.apps.find((a) => a.clientId === clientId);
      if (!target) {
        // Nothing is started: no launch context is stored for an app the platform does not know.
        return sendPage(
          reply,
          404,
          c,
          `Ukjent app: client_id «${clientId}» er ikke registrert med launch_uri på plattformen. Ingen oppstart er laget. Registrer appen (se docs/platform-api.md) eller velg en app fra listen.`,
          { ...selected, app: undefined },
        );
      }

      const launch = await opts.smart.createLaunch({
        tenant: c.tenant.id,
        clientId: target.clientId,
        username: user.username,
        patientId: patient.id,
        needPatientBanner: banner === 'varde',
      });
      const iss = opts.smart.fhirBase(c.tenant.id);
      return reply
        .code(303)
        .header('cache-control', 'no-store')
        .redirect(launchTarget(target.launchUri, iss, launch));
    });
  });
}
