/**
 * Structured JSON logs (pino) with secrets redacted at the source: Authorization headers, API keys
 * and card-like fields never reach a log line. Pretty-printed when stdout is a terminal.
 */
import { pino, type Logger as PinoLogger } from 'pino';

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

export function createLogger(level: string, opts: { pretty?: boolean } = {}): PinoLogger {
  const pretty = opts.pretty ?? (process.stdout.isTTY && level !== 'silent');
  return pino({
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'walletgate' },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname,service' } } }
      : {}),
  });
}
