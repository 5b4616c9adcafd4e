// Structured JSON logs (pino, through Fastify) without patient data: a request is logged
// as method, route pattern and status only. URLs can carry patient ids and fødselsnummer
// in their query strings (Patient?identifier=...), so they never reach the log.
import type { FastifyServerOptions } from 'fastify';

interface LoggedRequest {
  method?: string;
  routeOptions?: { url?: string };
}

interface LoggedReply {
  statusCode?: number;
}

export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  if (level === 'silent') return false;
  return {
    level,
    ...(stream ? { stream } : {}),
    serializers: {
      req: (req: LoggedRequest) => ({ method: req.method, route: req.routeOptions?.url ?? '(no route)' }),
      res: (res: LoggedReply) => ({ statusCode: res.statusCode }),
    },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], remove: true },
  };
}
