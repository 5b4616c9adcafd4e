// Server-rendered pages of the platform (login, patient picker, consent, errors, EPJ
// simulator): plain accessible HTML in Norwegian bokmål, no scripts needed to use them.
// No inline style or script: the style sheet is a file of its own (PAGE_STYLESHEET), so a
// strict Content-Security-Policy can be set on these pages.
import { createHash } from 'node:crypto';
import type { ClinicianRole, PatientSummary } from '../directory';

/**
 * Escapes text for HTML element content and quoted attributes. Five replacements are all
 * that is needed here, so no templating library is pulled in for three small pages.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The pages' style sheet, served by the SMART server at PAGE_STYLESHEET. */
export const PAGE_CSS = `
body{font-family:system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1a1a1a;line-height:1.5}
main{max-width:40rem;margin:2rem auto;padding:1.5rem 2rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.2)}
h1{font-size:1.5rem;margin-top:0}
fieldset{border:1px solid #8a939c;border-radius:6px;margin:0 0 1rem;padding:.5rem 1rem}
legend{font-weight:600;padding:0 .25rem}
.choice{display:flex;gap:.5rem;align-items:flex-start;padding:.4rem 0}
.choice input{margin-top:.35rem;width:1.1rem;height:1.1rem}
.detail{display:block;color:#4a5560;font-size:.9rem}
label.field{display:block;font-weight:600;margin:.75rem 0 .25rem}
select,input[type=search]{font:inherit;padding:.4rem;width:100%;box-sizing:border-box}
button{font:inherit;padding:.6rem 1.2rem;border-radius:6px;border:2px solid #0b5cad;background:#0b5cad;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#0b5cad}
:focus-visible{outline:3px solid #f5a300;outline-offset:2px}
.actions{display:flex;gap:1rem;margin-top:1rem;flex-wrap:wrap}
.error{border-left:4px solid #b00020;padding:.5rem 1rem;background:#fdecee}
.note{color:#4a5560;font-size:.9rem}
.app-name{font-weight:600}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em;background:#eef1f4;padding:0 .25rem;border-radius:3px;overflow-wrap:anywhere}
ul.scopes{padding-left:1.25rem;margin:.25rem 0 1rem}
ul.scopes li{margin:.25rem 0}
.granted{border-left:4px solid #1b7a3a;padding:.25rem 1rem;margin:1rem 0}
.refused{border-left:4px solid #8a5a00;padding:.25rem 1rem;margin:1rem 0}
h2{font-size:1.15rem;margin:1.25rem 0 .5rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0}
`;

/** Path of the style sheet, with a content hash so it can be cached for good. */
export const PAGE_STYLESHEET = `/auth/static/sider.css?v=${createHash('sha256').update(PAGE_CSS).digest('hex').slice(0, 12)}`;

export function page(title: string, body: string, scripts: readonly string[] = []): string {
  return `<!doctype html>
<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${PAGE_STYLESHEET}">
</head>
<body>
<main>
${body}
</main>
${scripts.map((src) => `<script src="${escapeHtml(src)}" defer></script>`).join('\n')}
</body>
</html>`;
}

export const ROLE_LABELS: Record<ClinicianRole, string> = {
  'home-care-nurse': 'Sykepleier, hjemmetjenesten',
  'legevakt-doctor': 'Lege, legevakt',
  'kad-nurse': 'Sykepleier, KAD',
  administrator: 'Administrator',
};

/** 1980-03-14 -> 14.03.1980 */
export function norwegianDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : isoDate;
}

/** 14038012345 -> 140380 12345 (how fødselsnummer is read out). */
export function formatFnr(fnr: string): string {
  return /^\d{11}$/.test(fnr) ? `${fnr.slice(0, 6)} ${fnr.slice(6)}` : fnr;
}

export function patientLine(p: PatientSummary): string {
  return `${escapeHtml(p.name)}<span class="detail">Fødselsnummer ${escapeHtml(formatFnr(p.fnr))}, født ${escapeHtml(norwegianDate(p.birthDate))}</span>`;
}

export function errorBlock(message: string | undefined): string {
  return message ? `<p class="error" role="alert">${escapeHtml(message)}</p>` : '';
}
