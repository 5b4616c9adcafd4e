// The event store: an append-only log of FHIR resource events per municipality (tenant),
// with FHIR resources as projections of it. Every implementation keeps the events
// immutable; the projections can always be rebuilt from the events.
import type { AuditEvent, Resource } from '@medplum/fhirtypes';

export interface AppendInput {
  /** The FHIR resource. A missing id is assigned; meta.versionId/lastUpdated are set by the store. */
  resource: Resource;
  /** The system the data came from, e.g. "varde", "Gerica" (DOMAIN.md 7.16). */
  sourceSystem: string;
  /** Who recorded it, e.g. "Practitioner/abc" or a source-system user. */
  author?: string;
  /** When the source recorded it (defaults to the received time). ISO 8601. */
  recordedAt?: string;
}

export type DateComparator = '>=' | '<' | '>' | '<=';
export interface DateFilter {
  op: DateComparator;
  /** ISO 8601 instant. */
  value: string;
}

export type SortField = 'effective' | 'lastUpdated';

/** A search over the projections; every array is "any of", every field is ANDed. */
export interface ResourceQuery {
  type: string;
  ids?: string[];
  /** Patient ids (logical, without "Patient/"). */
  patients?: string[];
  /** Token "system|code" or a bare "code". */
  codes?: string[];
  categories?: string[];
  identifiers?: string[];
  /** References held by the resource, e.g. "Practitioner/abc" (CareTeam participants, performers). */
  refs?: string[];
  effective?: DateFilter[];
  lastUpdated?: DateFilter[];
  /** Items the patient restricted are left out unless this is true (only for internal use). */
  includeRestricted?: boolean;
  /**
   * Only the items the patient restricted: tells whether a search withheld any (the withheld
   * marker, fhir/withheld.ts). Internal use; wins over includeRestricted.
   */
  onlyRestricted?: boolean;
  sort?: { field: SortField; desc: boolean }[];
  /** Page size; hasMore tells whether a further page exists. */
  count?: number;
  offset?: number;
  /**
   * Keyset paging: the rows after this position in the search's order (wins over offset).
   * The same rows as the offset of that position, found without walking the rows before it.
   */
  after?: SearchCursor;
}

/**
 * A position in a search's order: the sort columns' values of the row it is after (UTC
 * instants to the microsecond, as the database holds them, or null) and that row's id.
 */
export interface SearchCursor {
  values: (string | null)[];
  id: string;
}

export interface SearchResult {
  resources: Resource[];
  hasMore: boolean;
}

/**
 * A projected resource as the database holds it: its JSON text, unparsed, with the
 * projection columns a reader needs to check access and audit without parsing it.
 */
export interface StoredRow {
  resourceType: string;
  id: string;
  /** The projection's patient column (searchColumns(resource).patient). */
  patient: string | null;
  /** The resource as JSON text. */
  json: string;
}

export interface RowSearchResult {
  rows: StoredRow[];
  hasMore: boolean;
  /** Where the next page starts (after the last row), when hasMore. */
  next?: SearchCursor;
}

export interface StoredResource {
  resource: Resource;
  /** meta.security carries the patient's sharing restriction. */
  restricted: boolean;
}

/** Writes inside one database transaction; all of them commit or none. */
export interface EventWriter {
  readonly tenant: string;
  read(type: string, id: string): Promise<StoredResource | undefined>;
  /** Resources of a type holding an identifier token "system|value" (conditional create). */
  findByIdentifier(type: string, token: string): Promise<Resource[]>;
  /**
   * findByIdentifier for many tokens in one query (conditional creates of a transaction).
   * Every asked token is a key of the map; a resource holding several of them is under each.
   */
  findByIdentifiers(type: string, tokens: string[]): Promise<Map<string, Resource[]>>;
  /**
   * Observations of the given vital-signs sets (all parts and scores), for bulk derivation.
   * `exceptIds`: leave out the Observations with these ids (the ingest hook has the parts
   * its write just appended in memory, and reading them back is most of its cost).
   */
  findVitalSignsSets(setIds: string[], exceptIds?: string[]): Promise<Resource[]>;
  append(input: AppendInput): Promise<Resource>;
  appendMany(inputs: AppendInput[]): Promise<Resource[]>;
  /** Appends an AuditEvent in this transaction; an event whose id exists is kept as it was. */
  appendAudit(event: AuditEvent): Promise<AuditEvent>;
}

/**
 * Runs inside every write after resources are appended and returns more to append in the
 * same transaction (the platform's derived data, e.g. NEWS2 scores). Not called for its
 * own output.
 */
export type IngestHook = (appended: Resource[], w: EventWriter) => Promise<AppendInput[]>;

export interface AuditQuery {
  patient?: string;
  count?: number;
  offset?: number;
}

export interface EventStore {
  /**
   * Runs fn in one transaction holding the tenant's write lock, so a check-then-append
   * (conditional create) cannot race with a concurrent identical request.
   */
  write<T>(tenant: string, fn: (w: EventWriter) => Promise<T>): Promise<T>;
  /** Bulk load (synthetic data, imports): multi-row inserts in one transaction. */
  appendBatch(tenant: string, inputs: AppendInput[]): Promise<Resource[]>;
  read(tenant: string, type: string, id: string): Promise<StoredResource | undefined>;
  search(tenant: string, query: ResourceQuery): Promise<SearchResult>;
  /**
   * search, answering the stored JSON text instead of parsed resources: the FHIR API
   * copies it into the Bundle as it is, so a page of 1,000 Observations is neither parsed
   * nor serialised again.
   */
  searchRows(tenant: string, query: ResourceQuery): Promise<RowSearchResult>;
  /** Drops and recomputes the tenant's projections from its events. Returns the resource count. */
  rebuildProjections(tenant: string): Promise<number>;
  countEvents(tenant?: string): Promise<number>;
  /** Appends an AuditEvent (append-only). id and recorded time are set when missing. */
  appendAudit(tenant: string, event: AuditEvent): Promise<AuditEvent>;
  /**
   * Appends a request's AuditEvents in order and resolves once they are committed; those of
   * concurrent requests are written in the same statement (one commit for many reads).
   */
  recordAudits(tenant: string, events: AuditEvent[]): Promise<void>;
  searchAudit(tenant: string, query: AuditQuery): Promise<{ events: AuditEvent[]; hasMore: boolean }>;
}
