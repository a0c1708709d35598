/**
 * Logs: JSON lines through pino, each with the request id of the request it belongs to (from
 * an async context, so that a line logged deep in the ledger carries it too). No header and no
 * body is ever passed to a log line; as a second guard, fields that could hold a secret, a
 * token or a ticket's data are redacted wherever a caller passes them.
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { pino } from 'pino';

export type Level = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** The backend's logging port: tests pass their own to read what would be logged. */
export interface Logger {
  log(level: Exclude<Level, 'silent'>, msg: string, fields?: Record<string, unknown>): void;
}

const requestScope = new AsyncLocalStorage<{ requestId: string }>();

/** Runs a request's work with its id in scope, for every line logged while it runs. */
export function withRequestId<T>(requestId: string, work: () => Promise<T>): Promise<T> {
  return requestScope.run({ requestId }, work);
}

/** What never reaches a log line in clear, at the top level or one object down. */
const SECRET_FIELDS = [
  'authorization',
  'cookie',
  'token',
  'jwt',
  'secret',
  'sharedSecret',
  'webhookSecret',
  'ingestKey',
  'masterKey',
  'password',
  // A ticket's data: the body of a sync, an event, a note, an answer, a query.
  'body',
  'activity',
  'usage',
  'lifecycle',
  'attributes',
  'note',
  'answer',
  'query',
];
export const REDACTED_PATHS = SECRET_FIELDS.flatMap((f) => [f, `*.${f}`]);

export function pinoLogger(
  level: Level,
  destination: pino.DestinationStream = pino.destination({ dest: 2, sync: true }),
): Logger {
  const logger = pino(
    {
      level,
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      mixin: () => {
        const scope = requestScope.getStore();
        return scope ? { requestId: scope.requestId } : {};
      },
    },
    destination,
  );
  return { log: (lvl, msg, fields = {}) => logger[lvl](fields, msg) };
}
