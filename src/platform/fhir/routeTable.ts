// A small URL route table in the manner of medplum's fhir-router urlrouter: each route is a
// method and a path pattern below the FHIR base ("", ":type", ":type/$validate"); `:name`
// captures one segment, a final `*` one or more. The route with the most literal segments
// wins, so ":type/$validate" is chosen over ":type/:id"; among equals, the first listed.

export type Params = Record<string, string>;

export interface RoutePattern {
  method: string | readonly string[];
  path: string;
}

export interface RouteMatch<R> {
  route: R;
  params: Params;
}

interface Compiled<R> {
  route: R;
  methods: Set<string>;
  parts: { literal?: string; param?: string }[];
  rest: boolean;
}

export interface RouteTable<R> {
  find(method: string, segments: readonly string[]): RouteMatch<R> | undefined;
}

export function createRouteTable<R extends RoutePattern>(routes: readonly R[]): RouteTable<R> {
  const compiled: Compiled<R>[] = routes.map((route) => {
    const raw = route.path.split('/').filter(Boolean);
    const rest = raw[raw.length - 1] === '*';
    return {
      route,
      methods: new Set(typeof route.method === 'string' ? [route.method] : route.method),
      parts: (rest ? raw.slice(0, -1) : raw).map((s) =>
        s.startsWith(':') ? { param: s.slice(1) } : { literal: s },
      ),
      rest,
    };
  });

  function score(c: Compiled<R>, method: string, segments: readonly string[]): number {
    if (!c.methods.has(method)) return -1;
    if (c.rest ? segments.length <= c.parts.length : segments.length !== c.parts.length) return -1;
    let literals = 0;
    for (let i = 0; i < c.parts.length; i++) {
      const lit = c.parts[i].literal;
      if (lit === undefined) continue;
      if (segments[i] !== lit) return -1;
      literals++;
    }
    return literals;
  }

  return {
    find(method, segments) {
      let best: Compiled<R> | undefined;
      let bestScore = -1;
      for (const c of compiled) {
        const s = score(c, method, segments);
        if (s > bestScore) {
          best = c;
          bestScore = s;
        }
      }
      if (!best) return undefined;
      const params: Params = {};
      best.parts.forEach((p, i) => {
        if (p.param) params[p.param] = segments[i];
      });
      return { route: best.route, params };
    },
  };
}
