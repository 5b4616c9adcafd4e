// Whose device store this is: one store per FHIR server and user. The store is named by
// the FHIR base in full (and the issuer, tenant and user), never by a path segment: two
// servers whose bases both end in /fhir once shared a store, and a set queued for one was
// sent to the other (issue 13). Every outbox item is also bound to its server and tenant,
// so the drainer sends it only there even if a store were ever shared.

export interface StoreScope {
  /** The FHIR base the writes go to, in full. */
  fhirBase: string;
  /** The authorization server (SMART `issuer`). */
  issuer?: string;
  /** The municipality, where the server says (Varde's `tenant` claim). */
  tenant?: string;
  /** The signed-in user (fhirUser, or the OpenID `sub`). */
  user?: string;
  /** A name for people ("Bergen kommune"): shown, never part of the key. */
  label?: string;
}

/** Where an outbox item belongs: it is sent to this server only. */
export interface WriteBinding {
  server: string;
  tenant?: string;
}

/**
 * One spelling per server: scheme and host in lower case, no default port, no trailing
 * slash, no query. A base that is not a URL is kept as it is, less trailing slashes.
 */
export function normalizeFhirBase(base: string): string {
  try {
    const u = new URL(base);
    return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return base.replace(/\/+$/, '');
  }
}

export const STORE_PREFIX = 'varde:';

/** The IndexedDB name of the store of this server and user. Readable, and unambiguous (JSON). */
export function deviceStoreName(scope: StoreScope): string {
  const key = {
    fhirBase: normalizeFhirBase(scope.fhirBase),
    issuer: scope.issuer ? normalizeFhirBase(scope.issuer) : undefined,
    tenant: scope.tenant,
    user: scope.user,
  };
  return `${STORE_PREFIX}${JSON.stringify(key)}`;
}

export function bindingOf(scope: StoreScope): WriteBinding {
  return { server: normalizeFhirBase(scope.fhirBase), tenant: scope.tenant };
}
