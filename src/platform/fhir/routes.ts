// The FHIR API's route table: where each interaction lives. Paths are below the base
// /fhir/{kommunenummer}. `auth` is the access step a route passes before its handler:
// none (public), the source system's import credential, or a user's SMART token.
// Apps read and create; shared data is read-only, so updates and deletes answer 405. A
// recorded set changes only through the platform's operations $correct-set / $comment-set.
import type { SystemContext, UserContext } from './context';
import { read } from './interactions/read';
import { search } from './interactions/search';
import { create } from './interactions/create';
import { transaction } from './interactions/transaction';
import { importBundle, validate } from './interactions/operations';
import { commentSet, correctSet } from './interactions/setChanges';
import { metadata } from './interactions/metadata';
import { FhirError } from './outcome';
import type { FhirResponse } from './request';
import type { RoutePattern } from './routeTable';

type Answer = FhirResponse | Promise<FhirResponse>;

export type FhirRoute = RoutePattern &
  (
    | { auth: 'none' | 'source-system'; handler: (ctx: SystemContext) => Answer }
    | { auth: 'user'; handler: (ctx: UserContext) => Answer }
  );

const refuse = (status: number, message: string) => (): never => {
  throw FhirError.of(status, 'not-supported', message);
};
const readOnly = refuse(405, 'Delte data er skrivebeskyttet: oppdatering og sletting er ikke tillatt.');

export const ROUTES: FhirRoute[] = [
  { method: 'GET', path: 'metadata', auth: 'none', handler: metadata },
  { method: 'POST', path: '$import', auth: 'source-system', handler: importBundle },
  { method: 'POST', path: '', auth: 'user', handler: transaction },
  {
    method: 'GET',
    path: '',
    auth: 'user',
    handler: refuse(400, 'GET på basen støttes ikke; søk i en ressurstype.'),
  },
  { method: 'GET', path: ':type', auth: 'user', handler: search },
  { method: 'POST', path: ':type', auth: 'user', handler: create },
  { method: 'POST', path: ':type/$validate', auth: 'user', handler: validate },
  { method: 'POST', path: 'Observation/$correct-set', auth: 'user', handler: correctSet },
  { method: 'POST', path: 'Observation/$comment-set', auth: 'user', handler: commentSet },
  { method: 'POST', path: ':type/_search', auth: 'user', handler: refuse(405, 'Bruk GET for søk.') },
  { method: 'GET', path: ':type/:id', auth: 'user', handler: read },
  { method: 'POST', path: ':type/:id', auth: 'user', handler: readOnly },
  { method: ['GET', 'POST'], path: ':type/:id/*', auth: 'user', handler: readOnly },
];

/** Any other method (PUT, PATCH, DELETE) is refused before the token is looked at. */
export const NO_ROUTE_MESSAGE = 'Delte data er skrivebeskyttet: bare lesing og opprettelse er tillatt.';
