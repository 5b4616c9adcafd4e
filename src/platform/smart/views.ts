// The authorization server's own pages: simulated clinician login, the standalone patient
// picker, the consent page for other vendors' apps and the error pages. Everything after
// them is the real OAuth protocol. Codes, scopes and field names are shown as they are
// spelt in the protocol, so a developer can search for them.
import type { ClinicianUser, PatientSummary } from '../directory';
import { errorBlock, escapeHtml, page, patientLine, ROLE_LABELS } from './html';
import { classifyScope, type ScopeOutcome } from './scopes';

/** The app that asks: its name on every page, and whether it is the municipality's own. */
export interface AppIdentity {
  clientId: string;
  name: string;
  /** Another vendor's app: it gets a consent page and its client_id is shown. */
  thirdParty: boolean;
}

const abortForm = (uid: string) =>
  `<form method="post" action="/auth/interaction/${escapeHtml(uid)}/abort"><button type="submit" class="secondary">Avbryt</button></form>`;

const code = (text: string) => `<code>${escapeHtml(text)}</code>`;

const CONTEXT_MEANINGS: Record<string, string> = {
  openid: 'hvem du er (innlogging)',
  fhirUser: 'brukeren din som FHIR-ressurs',
  profile: 'navnet ditt',
  launch: 'oppstarten fra EPJ',
  'launch/patient': 'hvilken pasient som er valgt',
  'launch/encounter': 'hvilken konsultasjon som er valgt',
  offline_access: 'fornye tilgangen uten ny innlogging',
  online_access: 'fornye tilgangen så lenge du er innlogget',
};

const VERBS: Record<string, string> = { c: 'opprette', r: 'lese', u: 'endre', d: 'slette', s: 'søke i' };

/** What a scope lets the app do, in words a clinician reads next to the code. */
export function scopeMeaning(scope: string): string {
  const c = classifyScope(scope);
  if (c.kind === 'context') return CONTEXT_MEANINGS[scope] ?? '';
  if (c.kind === 'refused') return '';
  const { context, resourceType, perms, query } = c.parsed;
  const verbs = [...perms].map((p) => VERBS[p]!);
  const what = resourceType === '*' ? 'alle data' : resourceType;
  const whose = context === 'patient' ? 'om pasienten' : 'om pasienter du har tjenstlig behov for';
  const only = query?.length
    ? ` (bare ${query.map((q) => `${q.param}=${q.values.join(',')}`).join(' og ')})`
    : '';
  const list = verbs.length > 1 ? `${verbs.slice(0, -1).join(', ')} og ${verbs.at(-1)}` : verbs[0];
  return `${list} ${what} ${whose}${only}`;
}

function appLine(app: AppIdentity): string {
  return app.thirdParty
    ? `<p>Appen <span class="app-name">${escapeHtml(app.name)}</span> (client_id ${code(app.clientId)}) ber om tilgang til data i kommunen. Du ser hva den får før du gir tilgang.</p>`
    : '';
}

/** The scopes nobody can grant here, with the reason; empty when there are none. */
function refusedList(outcomes: readonly ScopeOutcome[], heading: string): string {
  const refused = outcomes.filter((o) => o.refusal);
  if (!refused.length) return '';
  const items = refused
    .map((o) => {
      const partly = o.granted.length ? ` Gitt i stedet: ${o.granted.map(code).join(' ')}.` : ' Ikke gitt.';
      return `<li>${code(o.requested)}:${partly} ${escapeHtml(o.refusal!.nb)}</li>`;
    })
    .join('\n');
  return `<section class="refused" aria-labelledby="refused-heading">
<h2 id="refused-heading">${escapeHtml(heading)}</h2>
<ul class="scopes">
${items}
</ul>
</section>`;
}

export function loginPage(opts: {
  uid: string;
  tenantName: string;
  users: ClinicianUser[];
  app: AppIdentity;
  /** What the platform can grant at best of what was asked (before the user is known). */
  scopes?: readonly ScopeOutcome[];
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
    `Logg inn – ${opts.app.name}`,
    `<h1>Logg inn i ${escapeHtml(opts.app.name)}</h1>
<p>${escapeHtml(opts.tenantName)}. Simulert innlogging med testbrukere (ikke HelseID).</p>
${appLine(opts.app)}
${refusedList(opts.scopes ?? [], 'Ikke alt appen ber om kan gis')}
${errorBlock(opts.error)}
${body}`,
  );
}

export function patientPickerPage(opts: {
  uid: string;
  user: ClinicianUser;
  patients: PatientSummary[];
  app: AppIdentity;
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
    `Velg pasient – ${opts.app.name}`,
    `<h1>Velg pasient</h1>
<p>Innlogget som ${escapeHtml(opts.user.name)} i <span class="app-name">${escapeHtml(opts.app.name)}</span>. <a href="/auth/interaction/${escapeHtml(opts.uid)}?bytt-bruker=1">Bytt bruker</a></p>
<p>Du ser bare pasienter du har tjenstlig behov for.</p>
${errorBlock(opts.error)}
${body}`,
  );
}

/**
 * What another vendor's app gets and does not get, and why, before the user agrees. The
 * chosen patient (standalone) rides along in a hidden field and is checked again on submit.
 */
export function consentPage(opts: {
  uid: string;
  app: AppIdentity;
  user: ClinicianUser;
  patient?: PatientSummary;
  /** The patient id to post back with the answer (a standalone pick). */
  pickedPatient?: string;
  ehrLaunch: boolean;
  outcomes: readonly ScopeOutcome[];
}): string {
  const granted = [...new Set(opts.outcomes.flatMap((o) => o.granted))];
  const patient = opts.patient
    ? `<p>Pasient: ${patientLine(opts.patient)}${opts.ehrLaunch ? '<span class="detail">Valgt i EPJ.</span>' : ''}</p>`
    : '';
  const grantedList = granted.length
    ? `<ul class="scopes">${granted
        .map((s) => {
          const meaning = scopeMeaning(s);
          return `<li>${code(s)}${meaning ? ` – ${escapeHtml(meaning)}` : ''}</li>`;
        })
        .join('')}</ul>`
    : '<p>Ingen tilganger: appen får bare vite hvem du er, om den ba om det.</p>';
  const hidden = opts.pickedPatient
    ? `<input type="hidden" name="patient" value="${escapeHtml(opts.pickedPatient)}">`
    : '';
  return page(
    `Gi tilgang – ${opts.app.name}`,
    `<h1>Gi <span class="app-name">${escapeHtml(opts.app.name)}</span> tilgang?</h1>
<p>Innlogget som ${escapeHtml(opts.user.name)} (${escapeHtml(ROLE_LABELS[opts.user.role])}). Appens client_id: ${code(opts.app.clientId)}.</p>
${patient}
<section class="granted" aria-labelledby="granted-heading">
<h2 id="granted-heading">Appen får</h2>
${grantedList}
</section>
${refusedList(opts.outcomes, 'Ikke gitt slik appen ba om')}
<p class="note">Plattformen sjekker i tillegg tjenstlig behov og pasientens reservasjoner ved hver lesing.</p>
<form method="post" action="/auth/interaction/${escapeHtml(opts.uid)}/consent">
${hidden}
<div class="actions"><button type="submit">Gi tilgang</button></div>
</form>
${abortForm(opts.uid)}`,
  );
}

export function messagePage(title: string, message: string): string {
  return page(`${title} – Varde`, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`);
}

/** Where a developer should look for each OAuth error the pages can show. */
const ERROR_HINTS: Record<string, (o: ErrorPageOptions) => string> = {
  invalid_client: (o) =>
    `client_id ${o.clientId ? code(o.clientId) : '(mangler)'} er ikke registrert her. Registrer appen med ${code('POST')} til ${code(`${o.issuer}/reg`)} (dynamisk klientregistrering, RFC 7591) eller i ${code('VARDE_EXTRA_CLIENTS')}.`,
  invalid_redirect_uri: (o) =>
    `${code('redirect_uri')} ${o.redirectUri ? code(o.redirectUri) : ''} må være nøyaktig lik en av ${code('redirect_uris')} i klientregistreringen (skjema, vert, port og sti).`,
  invalid_request: () =>
    `Se på parameterne i autorisasjonsforespørselen: ${code('response_type=code')}, ${code('client_id')}, ${code('redirect_uri')}, ${code('scope')}, ${code('state')}, ${code('aud')} (FHIR-basen) og PKCE (${code('code_challenge')} med ${code('code_challenge_method=S256')}).`,
  invalid_scope: () =>
    `Se på ${code('scope')}: plattformen oppgir hva den støtter i ${code('scopes_supported')} i ${code('.well-known/smart-configuration')}.`,
  invalid_target: () =>
    `${code('aud')} må være FHIR-basen til en kommune her, for eksempel ${code('…/fhir/4601')}: samme adresse som ${code('iss')} ved oppstart fra EPJ.`,
  unauthorized_client: () =>
    `Klienten har ikke lov til denne grant_type eller response_type: se ${code('grant_types')} og ${code('response_types')} i registreringen.`,
};

export interface ErrorPageOptions {
  error: string;
  description?: string;
  clientId?: string;
  redirectUri?: string;
  issuer: string;
}

/** An OAuth error that cannot be sent back to the app: code, what was wrong, where to look. */
export function errorPage(o: ErrorPageOptions): string {
  const hint = ERROR_HINTS[o.error]?.(o);
  const facts = [
    ['Feilkode', code(o.error)],
    ['Hva var galt', escapeHtml(o.description ?? 'Ingen beskrivelse.')],
    ...(o.clientId ? [['client_id', code(o.clientId)]] : []),
    ...(o.redirectUri ? [['redirect_uri', code(o.redirectUri)]] : []),
  ]
    .map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`)
    .join('\n');
  return page(
    'Innloggingen kunne ikke fullføres – Varde',
    `<h1>Innloggingen kunne ikke fullføres</h1>
<p>Autorisasjonsserveren kunne ikke sende deg tilbake til appen, fordi forespørselen ikke kunne godtas.</p>
<dl class="facts">
${facts}
</dl>
${hint ? `<h2>Hvor du kan se</h2>\n<p>${hint}</p>` : ''}
<p class="note">For utviklere: serverens oppsett står i ${code(`${o.issuer}/.well-known/openid-configuration`)} og i ${code('{FHIR-base}/.well-known/smart-configuration')}; fremgangsmåten i ${code('docs/platform-api.md')}, avsnittet «Verify your own app against the Varde sandbox».</p>`,
  );
}
