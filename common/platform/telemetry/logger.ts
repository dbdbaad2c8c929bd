import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import type { TelemetryConfig } from './telemetryConfig';
import { redactSecrets } from './redactSecrets';

export type { Logger } from 'pino';

/** The fields of a log line that may hold a secret: a URL (a request's, an error's) or credentials. */
const SECRET_PATHS = [
  'url',
  'path',
  'href',
  'link',
  '*.url',
  '*.path',
  '*.href',
  '*.link',
  'headers.authorization',
  '*.headers.authorization',
];

/**
 * A service's logger: JSON lines in production (`level` as a word, an ISO time, `service`, and
 * `kommunkod` in a kommun's process), readable lines through pino-pretty otherwise. Every line
 * of a service goes through it; a request's lines add `requestId`, and an error's `path`. No
 * line holds a document link's token or a bearer token: they are REDACTED.
 * `destination` replaces stdout (tests read the lines).
 */
export function createLogger(
  settings: Pick<TelemetryConfig, 'service' | 'kommunkod' | 'production' | 'logLevel'>,
  destination?: DestinationStream,
): Logger {
  const options: LoggerOptions = {
    level: settings.logLevel,
    base: { service: settings.service, ...(settings.kommunkod ? { kommunkod: settings.kommunkod } : {}) },
    timestamp: pino.stdTimeFunctions.isoTime,
    // A document link's token or a bearer token where a line carries a URL or credentials is
    // REDACTED (telemetry/redactSecrets); the rest of the URL stays.
    redact: { paths: SECRET_PATHS, censor: (value) => (typeof value === 'string' ? redactSecrets(value) : value) },
    // And in a message that quotes one.
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? redactSecrets(arg) : arg)) as Parameters<typeof method>);
      },
    },
  };
  if (settings.production || destination) {
    return pino({ ...options, formatters: { level: (label) => ({ level: label }) } }, destination);
  }
  // In-line rather than pino's transport worker: no thread per process, and nothing is lost
  // when the process exits. `npm start` prefixes each line with the service already.
  return pino(
    options,
    pretty({ sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service,kommunkod', singleLine: true }),
  );
}

/** A logger that writes nothing, for tests that do not read the log. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
