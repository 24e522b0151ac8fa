/**
 * Structured JSON logs (pino) with secrets redacted at the source: Authorization headers, API keys
 * and card-like fields never reach a log line. Pretty-printed when stdout is a terminal.
 */
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers.Authorization',
  '*.apiKey',
  '*.secret',
  '*.secretKey',
  '*.password',
  'apiKey',
  'secret',
];

/** `destination`: where the JSON lines go instead of stdout (never pretty then), as tests read them. */
export function createLogger(level: string, opts: { pretty?: boolean; destination?: DestinationStream } = {}): PinoLogger {
  const pretty = !opts.destination && (opts.pretty ?? (process.stdout.isTTY && level !== 'silent'));
  const options = {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'walletgate' },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname,service' } } }
      : {}),
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}
