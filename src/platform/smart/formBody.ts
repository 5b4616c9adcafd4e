// HTML forms post application/x-www-form-urlencoded, which Fastify does not parse by
// itself. Added per encapsulated plugin, and only when no parser is registered yet, so it
// never clashes with a parser the HTTP server may add at the root.
import type { FastifyInstance } from 'fastify';

const FORM = 'application/x-www-form-urlencoded';

export function ensureFormParser(scope: FastifyInstance): void {
  if (scope.hasContentTypeParser(FORM)) return;
  scope.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
}

/** A non-empty string field of a parsed form, else undefined. */
export function formField(body: unknown, name: string): string | undefined {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
