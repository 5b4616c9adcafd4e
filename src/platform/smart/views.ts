// The authorization server's own pages: simulated clinician login and the standalone
// patient picker. Everything after them is the real OAuth protocol.
import type { ClinicianUser, PatientSummary } from '../directory';
import { errorBlock, escapeHtml, page, patientLine, ROLE_LABELS } from './html';

const abortForm = (uid: string) =>
  `<form method="post" action="/auth/interaction/${escapeHtml(uid)}/abort"><button type="submit" class="secondary">Avbryt</button></form>`;

export function loginPage(opts: {
  uid: string;
  tenantName: string;
  users: ClinicianUser[];
  error?: string;
}): string {
  const choices = opts.users
    .map(
      (u, i) => `<div class="choice">
  <input type="radio" name="username" id="user-${i}" value="${escapeHtml(u.username)}" required>
  <label for="user-${i}">${escapeHtml(u.name)}<span class="detail">${escapeHtml(ROLE_LABELS[u.role])}, ${escapeHtml(u.organizationName)}</span></label>
</div>`,
    )
    .join('\n');
  const body =
    opts.users.length === 0
      ? `<p>Ingen testbrukere finnes i ${escapeHtml(opts.tenantName)}.</p>${abortForm(opts.uid)}`
      : `<form method="post" action="/auth/interaction/${escapeHtml(opts.uid)}/login">
<fieldset>
<legend>Velg testbruker</legend>
${choices}
</fieldset>
<div class="actions"><button type="submit">Logg inn</button></div>
</form>
${abortForm(opts.uid)}`;
  return page(
    'Logg inn – Varde',
    `<h1>Logg inn i Varde</h1>
<p>${escapeHtml(opts.tenantName)}. Simulert innlogging med testbrukere (ikke HelseID).</p>
${errorBlock(opts.error)}
${body}`,
  );
}

export function patientPickerPage(opts: {
  uid: string;
  user: ClinicianUser;
  patients: PatientSummary[];
  error?: string;
}): string {
  const choices = opts.patients
    .map(
      (p, i) => `<div class="choice">
  <input type="radio" name="patient" id="patient-${i}" value="${escapeHtml(p.id)}" required>
  <label for="patient-${i}">${patientLine(p)}</label>
</div>`,
    )
    .join('\n');
  const body =
    opts.patients.length === 0
      ? `<p>Du har ingen pasienter med tjenstlig behov.</p>${abortForm(opts.uid)}`
      : `<form method="post" action="/auth/interaction/${escapeHtml(opts.uid)}/patient">
<fieldset>
<legend>Velg pasient</legend>
${choices}
</fieldset>
<div class="actions"><button type="submit">Velg pasient</button></div>
</form>
${abortForm(opts.uid)}`;
  return page(
    'Velg pasient – Varde',
    `<h1>Velg pasient</h1>
<p>Innlogget som ${escapeHtml(opts.user.name)}. <a href="/auth/interaction/${escapeHtml(opts.uid)}?bytt-bruker=1">Bytt bruker</a></p>
<p>Du ser bare pasienter du har tjenstlig behov for.</p>
${errorBlock(opts.error)}
${body}`,
  );
}

export function messagePage(title: string, message: string): string {
  return page(`${title} – Varde`, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`);
}
