// The EPJ simulator page. Works without scripts; a small script only adds filtering of
// the patient list as you type.
import type { ClinicianUser, PatientSummary, Tenant } from '../directory';
import { errorBlock, escapeHtml, formatFnr, norwegianDate, page, ROLE_LABELS } from '../smart/html';

/** What the user had chosen, to keep it when the page is shown again with an error. */
export interface Selected {
  username?: string;
  patientId?: string;
  banner?: string;
}

export interface EpjPageModel {
  tenants: Tenant[];
  tenant: Tenant | undefined;
  users: ClinicianUser[];
  patients: PatientSummary[];
  appUrl: string;
  error?: string;
  selected?: Selected;
}

const option = (value: string, text: string, selected: boolean) =>
  `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}>${escapeHtml(text)}</option>`;

const FILTER_SCRIPT = `
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
<fieldset>
<legend>Pasientbanner</legend>
<div class="choice"><input type="radio" id="banner-varde" name="banner" value="varde"${bannerFromEpj ? '' : ' checked'}>
<label for="banner-varde">Varde viser pasientbanner</label></div>
<div class="choice"><input type="radio" id="banner-epj" name="banner" value="epj"${bannerFromEpj ? ' checked' : ''}>
<label for="banner-epj">EPJ viser sitt eget pasientbanner (Varde skjuler sitt)</label></div>
</fieldset>
<div class="actions"><button type="submit">Start Varde</button></div>
</form>`;

  return page(
    'EPJ-simulator – Varde',
    `<h1>EPJ-simulator</h1>
<p>Simulerer journalsystemet i ${escapeHtml(m.tenant.name)}: velg kliniker og pasient, og start Varde med SMART-oppstart fra EPJ.</p>
${errorBlock(m.error)}
${tenantForm}
${launchForm}
<p class="note"><a href="${escapeHtml(m.appUrl)}/">Start Varde uten EPJ (frittstående, med egen pasientliste)</a></p>
<script>${FILTER_SCRIPT}</script>`,
  );
}
