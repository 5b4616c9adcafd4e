// EPJ launch simulator: stands in for a municipality's record system (EPJ) that launches
// Varde with SMART EHR launch. Pick municipality, logged-in clinician and patient, then
// "Start Varde" stores a launch context and sends the browser to the app's /launch with
// `iss` and the opaque launch id; from there it is the real SMART protocol.
// Nothing about the patient goes into a URL, only the launch id.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ClinicalDirectory, ClinicianUser, PatientSummary, Tenant } from '../directory';
import { ensureFormParser, formField } from '../smart/formBody';
import type { SmartServer } from '../smart/types';
import { renderEpjPage, type Selected } from './view';

export interface EpjSimulatorOptions {
  publicUrl: string;
  /** Where the PWA is served (its /launch and / routes), without trailing slash. */
  appUrl: string;
  directory: ClinicalDirectory;
  smart: Pick<SmartServer, 'createLaunch' | 'fhirBase'>;
  /** How many patients the picker lists. */
  patientLimit?: number;
}

interface EpjChoices {
  tenants: Tenant[];
  tenant: Tenant | undefined;
  users: ClinicianUser[];
  patients: PatientSummary[];
}

export async function registerEpjSimulator(app: FastifyInstance, opts: EpjSimulatorOptions): Promise<void> {
  const appUrl = opts.appUrl.replace(/\/+$/, '');
  const { directory } = opts;
  const patientLimit = opts.patientLimit ?? 500;

  async function choices(tenantId: string | undefined): Promise<EpjChoices> {
    const tenants = await directory.listTenants();
    const tenant = tenants.find((t) => t.id === tenantId) ?? tenants[0];
    if (!tenant) return { tenants, tenant, users: [], patients: [] };
    const [users, patients] = await Promise.all([
      directory.listUsers(tenant.id),
      directory.listPatients(tenant.id, { limit: patientLimit }),
    ]);
    return { tenants, tenant, users, patients };
  }

  function sendPage(reply: FastifyReply, status: number, c: EpjChoices, error?: string, selected?: Selected) {
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

    scope.post('/epj/launch', async (req, reply) => {
      const tenantId = formField(req.body, 'tenant');
      const username = formField(req.body, 'username');
      const patientId = formField(req.body, 'patient');
      const banner = formField(req.body, 'banner');
      const c = await choices(tenantId);
      const selected = { username, patientId, banner };
      if (!c.tenant || c.tenant.id !== tenantId) return sendPage(reply, 400, c, 'Velg en kommune.', selected);
      const user = c.users.find((u) => u.username === username);
      if (!user) return sendPage(reply, 400, c, 'Velg en kliniker.', selected);
      const patient = c.patients.find((p) => p.id === patientId);
      if (!patient) return sendPage(reply, 400, c, 'Velg en pasient fra listen.', selected);
      if (banner !== 'epj' && banner !== 'varde') {
        return sendPage(reply, 400, c, 'Velg hvem som viser pasientbanneret.', selected);
      }

      const launch = await opts.smart.createLaunch({
        tenant: c.tenant.id,
        username: user.username,
        patientId: patient.id,
        needPatientBanner: banner === 'varde',
      });
      const iss = opts.smart.fhirBase(c.tenant.id);
      const target = `${appUrl}/launch?iss=${encodeURIComponent(iss)}&launch=${encodeURIComponent(launch)}`;
      return reply.code(303).header('cache-control', 'no-store').redirect(target);
    });
  });
}
