// Errors that never reach the FHIR router (Fastify's own: body too large, wrong media type,
// malformed URL, unknown route; Node's HTTP parser's: oversized headers, request timeout)
// answered as FHIR does: an OperationOutcome with a Norwegian message, never Fastify's or
// Node's English default body, and never cached.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { OperationOutcome } from '@medplum/fhirtypes';
import { outcome, type IssueCode } from '../fhir/outcome';

export const FHIR_TYPE = 'application/fhir+json; charset=utf-8';

export interface ErrorAnswer {
  status: number;
  outcome: OperationOutcome;
}

/** Fastify's error codes we know, with what the client should be told. */
const BY_CODE: Record<string, [number, IssueCode, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'too-costly', 'Forespørselen er for stor.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    415,
    'not-supported',
    'Innholdstypen støttes ikke: send FHIR som application/fhir+json eller application/json.',
  ],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid', 'Content-Length stemmer ikke med innholdet.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'required', 'Forespørselen mangler innhold (JSON).'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'structure', 'Ugyldig JSON.'],
  FST_ERR_BAD_URL: [400, 'invalid', 'Adressen har ugyldig prosentkoding.'],
  FST_ERR_NOT_FOUND: [404, 'not-found', 'Ukjent adresse.'],
};

/** By HTTP status, for errors without a known code. */
const BY_STATUS: Record<number, [IssueCode, string]> = {
  400: ['invalid', 'Ugyldig forespørsel.'],
  404: ['not-found', 'Ukjent adresse.'],
  405: ['not-supported', 'Metoden er ikke tillatt her.'],
  408: ['timeout', 'Forespørselen kom ikke fram i tide.'],
  413: ['too-costly', 'Forespørselen er for stor.'],
  414: ['too-costly', 'Adressen er for lang.'],
  415: ['not-supported', 'Innholdstypen støttes ikke.'],
  431: ['too-costly', 'Forespørselshodene er for store.'],
};

export function errorAnswer(error: { code?: string; statusCode?: number }): ErrorAnswer {
  const known = error.code ? BY_CODE[error.code] : undefined;
  if (known) return { status: known[0], outcome: outcome('error', known[1], known[2]) };
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 500) return { status, outcome: outcome('error', 'exception', 'Intern feil i plattformen.') };
  const [code, text] = BY_STATUS[status] ?? ['invalid', `Forespørselen ble avvist (HTTP ${status}).`];
  return { status, outcome: outcome('error', code, text) };
}

/**
 * Node's HTTP parser refused a request before Fastify saw it (Fastify's clientErrorHandler):
 * answer with an OperationOutcome on the raw socket, then close it.
 */
export function answerClientError(
  err: Error & { code?: string },
  socket: Socket,
  headers: Record<string, string> = {},
): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const status =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? 431
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 408
        : err.code === 'HPE_URI_TOO_LONG'
          ? 414
          : 400;
  const body = JSON.stringify(errorAnswer({ statusCode: status }).outcome);
  const extra = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      `content-type: ${FHIR_TYPE}\r\ncache-control: no-store\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `${extra}connection: close\r\n\r\n${body}`,
  );
}
