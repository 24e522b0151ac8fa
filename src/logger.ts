/**
 * Structured JSON logs (pino) with secrets redacted at the source: Authorization headers, API keys
 * and card-like fields never reach a log line. Pretty-printed when stdout is a terminal.
 */
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

/**
 * Paths redacted by pino itself: every one begins with a literal key, so pino runs its redactor only
 * for a line that has that key (`req`, `headers`, `apiKey`, `secret`), after the key's serializer.
 */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers.Authorization',
  'apiKey',
  'secret',
];

/** Keys censored one level down, under any top-level key (`*.apiKey` in pino's words). */
const NESTED_SECRETS = ['apiKey', 'secret', 'secretKey', 'password'] as const;

const CENSOR = '[redacted]';

function holdsSecret(value: object): boolean {
  for (const key of NESTED_SECRETS) if (Object.hasOwn(value, key)) return true;
  return false;
}

/** A copy of `value` with its secret keys censored (an Error as the plain object pino's serializer makes of it). */
function censored(value: object): Record<string, unknown> {
  const copy: Record<string, unknown> =
    value instanceof Error ? { ...value, type: value.name, message: value.message, stack: value.stack } : { ...value };
  for (const key of NESTED_SECRETS) if (Object.hasOwn(copy, key)) copy[key] = CENSOR;
  return copy;
}

/**
 * A log line's object (or a child logger's bindings) with any key of NESTED_SECRETS one level down
 * censored: the same object when it holds none, as nearly every line, so nothing is copied.
 * pino's own wildcard path (`*.apiKey`) ran its redactor, a selective deep copy and a JSON
 * serialization, on every value of every line: 6 % of what a create allocates (docs/benchmarks.md).
 */
export function censorNestedSecrets(obj: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key in obj) {
    const value = obj[key];
    if (value === null || typeof value !== 'object' || !Object.hasOwn(obj, key) || !holdsSecret(value)) continue;
    out ??= { ...obj };
    out[key] = censored(value);
  }
  return out ?? obj;
}

/** A log line waits until this many bytes have gathered, or LOG_BATCH_MS have passed, and goes out with them in one write. */
const LOG_BATCH_BYTES = 4096;
const LOG_BATCH_MS = 100;

let stdoutBatches: DestinationStream | undefined;

/**
 * JSON lines written in batches to `dest` (a file descriptor or a file's path): a line written on its
 * own was a write system call on the event loop for every request (about 2 % of a create's CPU,
 * docs/benchmarks.md). Still synchronous, so a line is never lost to a full pipe or a busy pool
 * thread; a process that exits (`process.exit`, an uncaught error, a signal it handles) writes what
 * has gathered first. One that is killed outright (SIGKILL, the kernel's OOM killer) loses at most
 * the last LOG_BATCH_MS of lines.
 */
export function batchedDestination(dest: number | string): DestinationStream {
  const stream = pino.destination({ dest, sync: true, minLength: LOG_BATCH_BYTES, periodicFlush: LOG_BATCH_MS });
  process.once('exit', () => {
    try {
      stream.flushSync();
    } catch {
      // the destination is closed: nothing can be written any more
    }
  });
  return stream;
}

/** Standard output in batches (batchedDestination), one per process: every logger without a destination of its own shares it. */
function batchedStdout(): DestinationStream {
  stdoutBatches ??= batchedDestination(1);
  return stdoutBatches;
}

/** `destination`: where the JSON lines go instead of stdout (never pretty then), as tests read them. */
export function createLogger(level: string, opts: { pretty?: boolean; destination?: DestinationStream } = {}): PinoLogger {
  const pretty = !opts.destination && (opts.pretty ?? (process.stdout.isTTY && level !== 'silent'));
  const options = {
    level,
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    formatters: { log: censorNestedSecrets },
    base: { service: 'walletgate' },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname,service' } } }
      : {}),
  };
  const logger = opts.destination ? pino(options, opts.destination) : pretty ? pino(options) : pino(options, batchedStdout());
  // a child's bindings get no formatter in pino (children reset it): censor them on the way in. A
  // child is made from its parent by Object.create, so its children find this method too.
  const makeChild = logger.child;
  logger.child = function (this: PinoLogger, bindings, childOptions) {
    return makeChild.call(this, censorNestedSecrets(bindings), childOptions);
  } as PinoLogger['child'];
  return logger;
}
