import { describe, expect, it } from 'vitest';
import { createRouteTable } from './routeTable';
import { ROUTES } from './routes';

const table = createRouteTable(ROUTES);

/** The route a request reaches, as "auth handler {params}", or "none". */
function reach(method: string, path: string): string {
  const m = table.find(method, path.split('/').filter(Boolean));
  if (!m) return 'none';
  const name = m.route.handler.name || 'refusal';
  return `${m.route.auth} ${name} ${JSON.stringify(m.params)}`;
}

describe('the FHIR route table', () => {
  it.each([
    ['GET', 'metadata', 'none metadata {}'],
    ['POST', '$import', 'source-system importBundle {}'],
    ['POST', '', 'user transaction {}'],
    ['GET', 'Observation', 'user search {"type":"Observation"}'],
    ['POST', 'Observation', 'user create {"type":"Observation"}'],
    ['POST', 'Observation/$validate', 'user validate {"type":"Observation"}'],
    ['GET', 'Patient/p-anna', 'user read {"type":"Patient","id":"p-anna"}'],
    // A literal segment wins over a parameter.
    ['GET', 'Patient/$validate', 'user read {"type":"Patient","id":"$validate"}'],
    ['GET', 'metadata/x', 'user read {"type":"metadata","id":"x"}'],
  ])('%s %s -> %s', (method, path, expected) => {
    expect(reach(method, path)).toBe(expected);
  });

  it('refuses updates, history and _search by POST with a handler of their own', () => {
    for (const [method, path] of [
      ['POST', 'Patient/p-anna'],
      ['GET', 'Patient/p-anna/_history'],
      ['POST', 'Observation/$validate/x'],
      ['POST', 'Observation/_search'],
      ['GET', ''],
    ]) {
      const m = table.find(method, path.split('/').filter(Boolean));
      expect(m?.route.auth, `${method} ${path}`).toBe('user');
      expect(() => (m?.route.handler as () => unknown)(), `${method} ${path}`).toThrow();
    }
  });

  it('has no route for PUT, PATCH, DELETE or HEAD (refused before the token is read)', () => {
    for (const method of ['PUT', 'PATCH', 'DELETE', 'HEAD'])
      for (const path of ['', 'metadata', 'Patient', 'Patient/p-anna'])
        expect(reach(method, path)).toBe('none');
  });
});
