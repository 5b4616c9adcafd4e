// The EPJ simulator page. Works without scripts; a small script file (no inline script, so a
// strict CSP can be set) only adds filtering of the patient list as you type.
import { createHash } from 'node:crypto';
import type { ClinicianUser, PatientSummary, Tenant } from '../directory';
import { errorBlock, escapeHtml, formatFnr, norwegianDate, page, ROLE_LABELS } from '../smart/html';
import type { LaunchableApp } from '../smart/types';

/** What the user had chosen, to keep it when the page is shown again with an error. */
export interface Selected {
  username?: string;
  patientId?: string;
  banner?: string;
  app?: string;
}

export interface EpjPageModel {
  tenants: Tenant[];
  tenant: Tenant | undefined;
  users: ClinicianUser[];
  patients: PatientSummary[];
  /** Registered apps with a launch URL, the default (Varde) first. */
  apps: LaunchableApp[];
  appUrl: string;
  error?: string;
  selected?: Selected;
}

const option = (value: string, text: string, selected: boolean) =>
  `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}>${escapeHtml(text)}</option>`;

export const EPJ_SCRIPT = `
(function () {
  var search = document.getElementById('patient-search');
  var list = document.getElementById('patient');
  if (!search || !list) return;
  search.parentElement.hidden = false;
  search.addEventListener('input', function () {
    var q = search.value.trim().toLowerCase();
    Array.prototype.forEach.call(list.options, function (o) {
      o.hidden = q !== '' && o.textContent.toLowerCase().indexOf(q) === -1 && o.value !== '';
    });
  });
})();
`;

export const EPJ_SCRIPT_ROUTE = '/epj/static/epj.js';
/** The script's address, with a content hash so it can be cached for good. */
export const EPJ_SCRIPT_PATH = `${EPJ_SCRIPT_ROUTE}?v=${createHash('sha256').update(EPJ_SCRIPT).digest('hex').slice(0, 12)}`;

function appChoices(apps: LaunchableApp[], chosen: string | undefined): string {
  if (!apps.length) return '<p>Ingen apper med launch_uri er registrert.</p>';
  const selected = apps.some((a) => a.clientId === chosen) ? chosen : apps[0]!.clientId;
  return `<fieldset>
<legend>App</legend>
${apps
  .map(
    (
      a,
      i,
    ) => `<div class="choice"><input type="radio" id="app-${i}" name="app" value="${escapeHtml(a.clientId)}"${a.clientId === selected ? ' checked' : ''} required>
<label for="app-${i}">${escapeHtml(a.name)}<span class="detail">client_id <code>${escapeHtml(a.clientId)}</code> · ${escapeHtml(a.launchUri)}</span></label></div>`,
  )
  .join('\n')}
</fieldset>`;
}

export function renderEpjPage(m: EpjPageModel): string {
  const tenantForm = `<form method="get" action="/epj">
<label class="field" for="kommune">Kommune</label>
<select id="kommune" name="kommune">
${m.tenants.map((t) => option(t.id, `${t.name} (${t.id})`, t.id === m.tenant?.id)).join('\n')}
</select>
<div class="actions"><button type="submit" class="secondary">Bytt kommune</button></div>
</form>`;

  if (!m.tenant) {
    return page(
      'EPJ-simulator – Varde',
      `<h1>EPJ-simulator</h1>${errorBlock(m.error)}<p>Ingen kommuner er satt opp.</p>`,
    );
  }

  const userOptions = m.users
    .map((u) =>
      option(
        u.username,
        `${u.name} – ${ROLE_LABELS[u.role]}, ${u.organizationName}`,
        u.username === m.selected?.username,
      ),
    )
    .join('\n');
  const patientOptions = m.patients
    .map((p) =>
      option(
        p.id,
        `${p.name} – f.nr. ${formatFnr(p.fnr)} – født ${norwegianDate(p.birthDate)}`,
        p.id === m.selected?.patientId,
      ),
    )
    .join('\n');
  const bannerFromEpj = m.selected?.banner === 'epj';

  const launchForm = `<form method="post" action="/epj/launch">
<input type="hidden" name="tenant" value="${escapeHtml(m.tenant.id)}">
<label class="field" for="username">Innlogget kliniker i EPJ</label>
<select id="username" name="username" required>
<option value="">Velg kliniker</option>
${userOptions}
</select>
<div hidden>
<label class="field" for="patient-search">Søk etter pasient</label>
<input type="search" id="patient-search" autocomplete="off" aria-controls="patient">
</div>
<label class="field" for="patient">Pasient</label>
<select id="patient" name="patient" required size="8">
${patientOptions}
</select>
${appChoices(m.apps, m.selected?.app)}
<fieldset>
<legend>Pasientbanner</legend>
<div class="choice"><input type="radio" id="banner-varde" name="banner" value="varde"${bannerFromEpj ? '' : ' checked'}>
<label for="banner-varde">Appen viser pasientbanner</label></div>
<div class="choice"><input type="radio" id="banner-epj" name="banner" value="epj"${bannerFromEpj ? ' checked' : ''}>
<label for="banner-epj">EPJ viser sitt eget pasientbanner (appen skjuler sitt)</label></div>
</fieldset>
<div class="actions"><button type="submit">Start appen</button></div>
</form>`;

  return page(
    'EPJ-simulator – Varde',
    `<h1>EPJ-simulator</h1>
<p>Simulerer journalsystemet i ${escapeHtml(m.tenant.name)}: velg kliniker, pasient og app, og start appen med SMART-oppstart fra EPJ (<code>launch</code> og <code>iss</code>).</p>
${errorBlock(m.error)}
${tenantForm}
${launchForm}
<p class="note"><a href="${escapeHtml(m.appUrl)}/">Start Varde uten EPJ (frittstående, med egen pasientliste)</a></p>`,
    [EPJ_SCRIPT_PATH],
  );
}
