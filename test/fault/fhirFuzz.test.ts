// Bad input against the real platform over HTTP: malformed JSON, wrong types, invalid
// codes, huge and deeply nested bodies, and injection strings in search parameters.
// Every answer must be a 4xx OperationOutcome (a token search may instead find nothing),
// the server must stay up, and the event log and projections must not change.
import { request } from 'node:http';
import { connect } from 'node:net';
import type { AuditEvent } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { vitalSignsSetToObservations } from '../../src/core/fhir/toObservation';
import { startPlatform, TENANT, type RunningPlatform } from './platformFixture';

let running: RunningPlatform;
const RUNS = Number(process.env.VARDE_FUZZ_RUNS ?? 150);
const tally = { inputs: 0, fourxx: 0, emptySearch: 0, wrong: 0 };
let badAnswers: string[] = [];

beforeAll(async () => {
  running = await startPlatform();
}, 120_000);

afterAll(async () => {
  await running?.close();
  console.log(
    `[fuzz] ${tally.inputs} bad inputs tried: ${tally.fourxx} answered 4xx OperationOutcome, ` +
      `${tally.emptySearch} token searches found nothing; ${tally.wrong} wrong answers`,
  );
});

/** Events, projections and client-reported AuditEvents (the platform's own audit grows by design). */
async function storeFingerprint(): Promise<string> {
  const r = await running.platform.db.query<{ e: string; r: string; m: string; c: string }>(
    `SELECT (SELECT count(*) FROM events)::text AS e, (SELECT count(*) FROM resources)::text AS r,
            (SELECT coalesce(max(seq), 0) FROM events)::text AS m,
            (SELECT count(*) FROM audit_events
              WHERE content->'meta'->'tag' @> '[{"code":"client-reported"}]'::jsonb)::text AS c`,
  );
  return JSON.stringify(r.rows[0]);
}

interface Answer {
  status: number;
  body: unknown;
}

async function send(
  method: string,
  path: string,
  body?: string,
  token = 'nurse',
  contentType = 'application/fhir+json',
): Promise<Answer> {
  const res = await fetch(`${running.fhirBase}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined && contentType ? { 'content-type': contentType } : {}),
    },
    body,
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text.slice(0, 200);
  }
  return { status: res.status, body: parsed };
}

function expect4xxOutcome(what: string, a: Answer, allowEmptySearch = false): void {
  tally.inputs++;
  const type = (a.body as { resourceType?: string } | undefined)?.resourceType;
  if (a.status >= 400 && a.status < 500 && type === 'OperationOutcome') {
    tally.fourxx++;
    return;
  }
  if (allowEmptySearch && a.status === 200 && type === 'Bundle') {
    const entries = ((a.body as { entry?: { search?: { mode?: string } }[] }).entry ?? []).filter(
      (e) => e.search?.mode !== 'outcome',
    );
    if (entries.length === 0) {
      tally.emptySearch++;
      return;
    }
  }
  tally.wrong++;
  badAnswers.push(`${what} -> ${a.status} ${JSON.stringify(a.body).slice(0, 300)}`);
}

function validObservation(): Record<string, unknown> {
  const [obs] = vitalSignsSetToObservations({
    id: 'fuzz-base',
    patientId: 'p-anna',
    effectiveDateTime: '2026-03-01T08:00:00+01:00',
    vitals: { pulse: 80 },
    sourceSystem: 'varde',
  });
  return JSON.parse(JSON.stringify(obs)) as Record<string, unknown>;
}

function transaction(resources: unknown[]): Record<string, unknown> {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: resources.map((resource) => ({ resource, request: { method: 'POST', url: 'Observation' } })),
  };
}

const OBSERVATION_STATUS = [
  'registered',
  'preliminary',
  'final',
  'amended',
  'corrected',
  'cancelled',
  'entered-in-error',
  'unknown',
];

const INJECTIONS = [
  "' OR 1=1 --",
  "'; DROP TABLE events; --",
  '"); DELETE FROM resources; --',
  '$1',
  '\\',
  '%00',
  '\u0000',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '${7*7}',
  '{"$gt":""}',
  'p-anna,p-bjorn',
  'Patient/p-bjorn',
  '*',
  'x'.repeat(5000),
];

// Values that are the wrong JSON type for the field they land in.
const wrongTypes = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { minLength: 1, maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
  fc.string({ maxLength: 20 }).filter((s) => Number.isNaN(Number(s))),
);

let before = '';

beforeEach(() => {
  badAnswers = [];
});

it('malformed JSON bodies get 400 OperationOutcome', async () => {
  before = await storeFingerprint();
  const valid = JSON.stringify(transaction([validObservation()]));
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.string({ maxLength: 200 }).filter((s) => {
          try {
            JSON.parse(s);
            return false;
          } catch {
            return true;
          }
        }),
        fc.integer({ min: 1, max: valid.length - 1 }).map((n) => valid.slice(0, n)),
        fc.constantFrom('{', '[', '{"resourceType":', 'null', '[]', '"Bundle"', '42', '{}'),
      ),
      fc.constantFrom('', '/Observation'),
      async (body, path) => {
        expect4xxOutcome(`POST ${path} ${JSON.stringify(body).slice(0, 80)}`, await send('POST', path, body));
      },
    ),
    { numRuns: RUNS },
  );
  expect(badAnswers).toEqual([]);
});

it('wrong types and invalid codes in an Observation get 4xx OperationOutcome', async () => {
  const fields = [
    ['status'],
    ['subject'],
    ['subject', 'reference'],
    ['effectiveDateTime'],
    ['valueQuantity'],
    ['valueQuantity', 'value'],
    ['valueQuantity', 'code'],
    ['code'],
    ['code', 'coding'],
    ['category'],
    ['identifier'],
    ['resourceType'],
  ];
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...fields),
      wrongTypes,
      fc.constantFrom('', '/Observation'),
      async (field, value, path) => {
        // A string status is wrong only outside the required value set.
        if (field[0] === 'status' && typeof value === 'string' && OBSERVATION_STATUS.includes(value)) return;
        // A number is the right type for a quantity's value.
        if (field[1] === 'value' && typeof value === 'number') return;
        const obs = validObservation();
        let at: Record<string, unknown> = obs;
        for (const k of field.slice(0, -1)) at = at[k] as Record<string, unknown>;
        at[field[field.length - 1]] = value;
        const body = JSON.stringify(path ? obs : transaction([obs]));
        expect4xxOutcome(
          `POST ${path} ${field.join('.')}=${JSON.stringify(value)}`,
          await send('POST', path, body),
        );
      },
    ),
    { numRuns: RUNS },
  );
  // Invalid codes: an unknown unit, an implausible value.
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.string({ minLength: 1, maxLength: 8 }).map((s) => ({ unit: `zz${s}` })),
        fc.constantFrom(-1, 400, 1e9, -1e9).map((v) => ({ value: v })),
      ),
      async (change) => {
        const obs = validObservation() as { status: string; valueQuantity: Record<string, unknown> };
        if ('unit' in change) obs.valueQuantity.code = change.unit;
        if ('value' in change) obs.valueQuantity.value = change.value;
        expect4xxOutcome(
          `invalid code ${JSON.stringify(change)}`,
          await send('POST', '', JSON.stringify(transaction([obs]))),
        );
      },
    ),
    { numRuns: Math.ceil(RUNS / 2) },
  );
  expect(badAnswers).toEqual([]);
});

it('huge and deeply nested bodies get 4xx OperationOutcome', async () => {
  const huge = JSON.stringify(transaction(Array.from({ length: 30_000 }, () => validObservation())));
  expect(huge.length).toBeGreaterThan(5 * 1024 * 1024);
  expect4xxOutcome('huge transaction', await send('POST', '', huge));
  expect4xxOutcome(
    'huge string',
    await send(
      'POST',
      '/Observation',
      JSON.stringify({ ...validObservation(), note: [{ text: 'x'.repeat(6e6) }] }),
    ),
  );
  for (const depth of [100, 1_000, 10_000, 100_000]) {
    const nested = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    expect4xxOutcome(`nested object ${depth}`, await send('POST', '', nested));
    const inObs = JSON.stringify({ ...validObservation(), extension: 'EXT' }).replace(
      '"EXT"',
      '['.repeat(depth) + ']'.repeat(depth),
    );
    expect4xxOutcome(`nested array ${depth} in Observation`, await send('POST', '/Observation', inObs));
  }
  const manyEntries = transaction(Array.from({ length: 5000 }, () => ({ resourceType: 'Observation' })));
  expect4xxOutcome('5000 empty entries', await send('POST', '', JSON.stringify(manyEntries)));
  expect(badAnswers).toEqual([]);
});

it('injection strings in search parameters get 4xx OperationOutcome or find nothing', async () => {
  const params = ['patient', 'date', '_count', '_sort', '_lastUpdated', 'code', 'category', 'identifier'];
  // Token parameters may legitimately match nothing (200, empty searchset).
  const tokenParams = new Set(['code', 'category', 'identifier']);
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...params),
      fc.oneof(
        fc.constantFrom(...INJECTIONS),
        fc.string({ minLength: 1, maxLength: 40 }).map((s) => `'${s}`),
      ),
      // AuditEvent is left out: it ignores the search parameters it does not support, which
      // FHIR allows (lenient handling), so "found something" is not a wrong answer there.
      fc.constantFrom('Observation', 'EpisodeOfCare', 'Flag'),
      async (param, value, type) => {
        // With a patient the nurse may read, so that only the fuzzed parameter can be wrong.
        const patient = param === 'patient' ? '' : 'patient=p-anna&';
        const path = `/${type}?${patient}${param}=${encodeURIComponent(value)}`;
        expect4xxOutcome(`GET ${path.slice(0, 120)}`, await send('GET', path), tokenParams.has(param));
      },
    ),
    { numRuns: RUNS },
  );
  for (const value of INJECTIONS) {
    expect4xxOutcome(
      `GET Patient/${value.slice(0, 30)}`,
      await send('GET', `/Patient/${encodeURIComponent(value)}`),
    );
  }
  expect(badAnswers).toEqual([]);
});

it('the server is still up and the store unchanged', async () => {
  const health = await fetch(`${running.url}/health`);
  expect(health.status).toBe(200);
  const ok = await send('GET', '/Patient/p-anna');
  expect(ok.status).toBe(200);
  expect(await storeFingerprint()).toBe(before);
  expect(tally.inputs).toBeGreaterThan(RUNS * 3);
  expect(TENANT).toBe('4601');
});

function observationWith(change: (obs: Record<string, unknown>) => void): string {
  const obs = validObservation();
  change(obs);
  return JSON.stringify(obs);
}

/** Sends one bad request: it must get a 4xx OperationOutcome and leave the store as it was. */
async function expectRefused(method: string, path: string, body?: string, status = 400): Promise<void> {
  const fingerprint = await storeFingerprint();
  const a = await send(method, path, body);
  expect(a.status).toBe(status);
  const oo = a.body as { resourceType?: string; issue?: { diagnostics?: string }[] };
  expect(oo.resourceType).toBe('OperationOutcome');
  expect(oo.issue?.[0]?.diagnostics).toBeTruthy();
  expect(await storeFingerprint()).toBe(fingerprint);
}

// Defects this fuzzing found (once 500s or an accepted bad code), kept as regressions.
it('code.coding as an object gets 400, not 500', async () => {
  await expectRefused(
    'POST',
    '/Observation',
    observationWith((o) => ((o.code as Record<string, unknown>).coding = {})),
  );
});

it('subject.reference as an array gets 400, not 500', async () => {
  await expectRefused(
    'POST',
    '/Observation',
    observationWith((o) => ((o.subject as Record<string, unknown>).reference = [])),
  );
});

it('category as an object gets 400, not 500', async () => {
  await expectRefused(
    'POST',
    '/Observation',
    observationWith((o) => (o.category = {})),
  );
});

it('a NUL character in a resource id, a search value or a body gets 400, not 500', async () => {
  await expectRefused('GET', `/Patient/${encodeURIComponent('a\u0000b')}`);
  await expectRefused('GET', `/Observation?patient=p-anna&code=${encodeURIComponent('a\u0000b')}`);
  await expectRefused(
    'POST',
    '/Observation',
    observationWith((o) => (o.note = [{ text: 'a\u0000b' }])),
  );
});

it('an Observation.status outside the value set is refused', async () => {
  await expectRefused(
    'POST',
    '/Observation',
    observationWith((o) => {
      o.status = 'not-a-status';
      o.identifier = [{ system: 'https://varde.no/fhir/sid/vital-signs-set', value: 'fuzz-status/pulse' }];
    }),
  );
});

// Issue 14: bounded paging, strict content types, framework errors and forged audit records.

it('paging extremes get 400 OperationOutcome', async () => {
  for (const q of [
    '_offset=1e20',
    '_offset=100000000000000000000',
    `_offset=${2n ** 63n - 1n}`,
    '_offset=-1',
    '_offset=1.5',
    '_count=1e3',
    '_count=-5',
    '_count=NaN',
    '_count=1&_count=2',
    'date=ge0000-01-01',
  ]) {
    await expectRefused('GET', `/Observation?patient=p-anna&${q}`);
  }
  // The far ends of the calendar are searches like any other, not 500s.
  for (const q of ['date=gt9999', 'date=le9999-12-31', '_lastUpdated=gt9999-12-31T23:59:59Z']) {
    expect((await send('GET', `/Observation?patient=p-anna&${q}`)).status, q).toBe(200);
  }
});

it('a write without a JSON Content-Type gets 415 and stores nothing', async () => {
  const obs = observationWith((o) => {
    o.identifier = [{ system: 'https://varde.no/fhir/sid/vital-signs-set', value: 'fuzz-ctype/pulse' }];
  });
  for (const type of [
    'text/plain',
    'application/xml',
    'application/x-www-form-urlencoded',
    'application/fhir+xml',
    '',
  ]) {
    const fingerprint = await storeFingerprint();
    const a = await send('POST', '/Observation', obs, 'nurse', type);
    expect(a.status, type || '(no type)').toBe(415);
    expect((a.body as { resourceType?: string }).resourceType).toBe('OperationOutcome');
    expect(JSON.stringify(a.body)).toMatch(/Innholdstypen støttes ikke/);
    expect(await storeFingerprint()).toBe(fingerprint);
  }
  // The same Observation as JSON is stored: only the declared type was wrong.
  expect((await send('POST', '/Observation', obs, 'nurse', 'application/json; charset=utf-8')).status).toBe(
    201,
  );
});

/** A request on the raw HTTP connection (fetch would normalise the path). */
function rawRequest(text: string): Promise<{ status: number; headers: string; body: string }> {
  const url = new URL(running.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(text));
    let data = '';
    socket.on('data', (d: Buffer) => (data += d.toString()));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head, ...rest] = data.split('\r\n\r\n');
      resolve({
        status: Number(head.split(' ')[1]),
        headers: head.toLowerCase(),
        body: rest.join('\r\n\r\n'),
      });
    });
  });
}

function rawGet(path: string): Promise<{ status: number; headers: string; body: string }> {
  const url = new URL(running.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path, headers: { authorization: 'Bearer nurse' } },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: JSON.stringify(res.headers), body }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

it("malformed URLs and the framework's own errors get Norwegian OperationOutcomes", async () => {
  const fingerprint = await storeFingerprint();
  const answers = [
    await rawGet('/fhir/4601/Patient/%E0%A4%A'),
    await rawGet('/fhir/4601/Observation/%'),
    await rawGet('/%E0%A4%A'),
    await rawGet('/fhir/4601/Observation?patient=p-anna&_offset=%FF'),
    await rawGet('/no/such/place'),
    await rawGet('/fhir'),
    await rawRequest('GET /health HTTP/1.1\r\nHost: x\r\nnot a header line\r\n\r\n'),
    await rawRequest(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
  ];
  for (const a of answers) {
    expect(a.status, a.body).toBeGreaterThanOrEqual(400);
    expect(a.status, a.body).toBeLessThan(500);
    const oo = JSON.parse(a.body) as { resourceType?: string; issue?: { diagnostics?: string }[] };
    expect(oo.resourceType, a.body).toBe('OperationOutcome');
    // Fastify's and Node's defaults are English ("Bad Request", "Route GET:/x not found").
    expect(oo.issue?.[0]?.diagnostics, a.body).toMatch(/[æøå]|Ukjent|Ugyldig|Adressen/);
    expect(a.headers, a.body).toContain('no-store');
  }
  const big = await fetch(`${running.url}/health`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: 'x'.repeat(6 * 1024 * 1024),
  });
  expect(big.status).toBe(413);
  expect(JSON.stringify(await big.json())).toMatch(/for stor/);
  expect(await storeFingerprint()).toBe(fingerprint);
});

it('FHIR answers carry Cache-Control: no-store', async () => {
  for (const path of [
    '/Patient/p-anna',
    '/Observation?patient=p-anna',
    '/Patient/p-carl',
    '/metadata',
    '/Nope/1',
  ]) {
    const res = await fetch(`${running.fhirBase}${path}`, { headers: { authorization: 'Bearer nurse' } });
    await res.arrayBuffer();
    expect(res.headers.get('cache-control'), path).toBe('no-store');
  }
});

it('forged AuditEvents are refused and nothing is recorded as reported', async () => {
  const event = (change: (e: AuditEvent) => void): string => {
    const e: AuditEvent = {
      resourceType: 'AuditEvent',
      id: 'fuzz-forged',
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest' },
      action: 'R',
      recorded: new Date(Date.now() - 3600_000).toISOString(),
      agent: [{ who: { reference: 'Practitioner/prac-nurse' }, requestor: true }],
      source: { observer: { display: 'fuzz' } },
      entity: [{ what: { reference: 'Patient/p-anna' } }],
    };
    change(e);
    return JSON.stringify({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ resource: e, request: { method: 'POST', url: 'AuditEvent' } }],
    });
  };
  await expectRefused(
    'POST',
    '',
    event((e) => (e.entity = [{ what: { reference: 'Patient/p-carl' } }])),
    403,
  );
  await expectRefused(
    'POST',
    '',
    event((e) => (e.agent = [{ who: { reference: 'Practitioner/prac-doctor' }, requestor: true }])),
    403,
  );
  await expectRefused(
    'POST',
    '',
    event((e) => (e.recorded = new Date(Date.now() + 86_400_000).toISOString())),
    422,
  );
  await expectRefused(
    'POST',
    '',
    event((e) => (e.recorded = '1999-12-31T23:59:59Z')),
    422,
  );
});
