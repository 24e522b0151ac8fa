/**
 * Turns whatever stopped a CLI command into what the person at the terminal reads: one line saying
 * what is wrong and one line saying what to do. Only an error nobody foresaw is a bug; it alone
 * comes with its stack.
 */
import { ConfigError } from '../config-error.js';
import { isCoreError } from '../core/errors.js';
import { CustomerDriveError } from '../sandbox/customer-driver.js';
import { UsageError } from './cli-error.js';

export interface Explanation {
  message: string;
  /** what to do about it; for a bug, the stack and a request to report it */
  hint: string;
  bug: boolean;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN']);

export interface SystemError {
  code?: string;
  syscall?: string;
  address?: string;
  port?: number;
  path?: string;
  message: string;
}

/** A connection that could not be made or was lost (the server is not running, the host is unknown …). */
export function isNetworkError(sys: SystemError | undefined): sys is SystemError & { code: string } {
  return sys?.code !== undefined && NETWORK_CODES.has(sys.code);
}

/** The system error (ECONNREFUSED, EADDRINUSE, ENOENT …) behind e, if any: on e itself, its cause, or inside an AggregateError. */
export function systemErrorIn(e: unknown): SystemError | undefined {
  for (let cur: unknown = e, depth = 0; cur && typeof cur === 'object' && depth < 5; depth++) {
    const err = cur as SystemError & { cause?: unknown; errors?: unknown[] };
    if (typeof err.code === 'string' && /^E[A-Z]+$/.test(err.code) && err.syscall) return err;
    cur = err.cause ?? err.errors?.[0];
  }
  return undefined;
}

/** Plain errors walletgate raises about its own settings, with what to do. */
const SETTINGS_PROBLEMS: [RegExp, string][] = [
  [
    /TLS|certificate|openssl/i,
    'Check TLS_CERT_FILE / TLS_KEY_FILE (both PEM, both or neither), or start with HTTPS_PORT=0 to serve HTTP only.',
  ],
  [/unsupported SQLite URL/, 'Set DATABASE_URL to a SQLite file path or a postgres:// URL (docs/configuration.md).'],
];

/** What to do about a taken merchant id, secret or key id (`merchant create`, `merchant add-key`). */
const DUPLICATE_HINTS: Record<string, string> = {
  secret: 'Leave out --secret and walletgate generates a new one: every key, API or signing, needs a secret of its own.',
  keyId: "Give --key-id a key id of this merchant's own; walletgate merchant list shows the key ids taken.",
};

export function explainError(e: unknown): Explanation {
  if (e instanceof UsageError)
    return { message: e.message, hint: e.hint ?? 'walletgate --help lists every command and its options.', bug: false };
  if (e instanceof CustomerDriveError) return explainDriveError(e);
  if (e instanceof ConfigError)
    return { message: e.message, hint: 'docs/configuration.md lists every setting and its default.', bug: false };
  if (isCoreError(e) && (e.code !== 'internal' || e.message.startsWith('The master key'))) {
    const hint =
      e.code === 'duplicate_reference'
        ? (DUPLICATE_HINTS[e.field ?? ''] ?? 'Choose another; walletgate merchant list shows the merchants there are.')
        : e.code === 'internal'
          ? 'docs/configuration.md explains the master key.'
          : 'walletgate --help shows what each command takes; docs/configuration.md has the details.';
    return { message: e.message, hint, bug: false };
  }
  const sys = systemErrorIn(e);
  if (sys) {
    const explained = explainSystemError(sys);
    if (explained) return explained;
  }
  const message = e instanceof Error ? e.message : String(e);
  for (const [pattern, hint] of SETTINGS_PROBLEMS) if (e instanceof Error && pattern.test(message)) return { message, hint, bug: false };
  const stack = e instanceof Error && e.stack ? e.stack : String(e);
  return {
    message: `Unexpected error: ${message}`,
    hint: `${stack}\nThis is a bug in walletgate, not something you did: please report it with the lines above.`,
    bug: true,
  };
}

function explainSystemError(sys: SystemError): Explanation | undefined {
  const where = sys.address !== undefined ? `${sys.address}${sys.port !== undefined ? `:${sys.port}` : ''}` : undefined;
  if (sys.code === 'EADDRINUSE') {
    return {
      message: `Port ${sys.port ?? '?'} on ${sys.address ?? 'this host'} is already in use.`,
      hint: 'Another walletgate (or another program) listens there: stop it, or choose another port with --port N (PORT=N, HTTPS_PORT=N).',
      bug: false,
    };
  }
  if (sys.code === 'EACCES' && sys.syscall === 'listen') {
    return {
      message: `Not allowed to listen on port ${sys.port ?? '?'}.`,
      hint: 'Ports below 1024 need privileges: use --port 8080 or another port above 1023.',
      bug: false,
    };
  }
  if (isNetworkError(sys)) {
    const isDatabase = sys.port === 5432;
    return {
      message: `Could not connect to ${where ?? 'the server'} (${sys.code}).`,
      hint: isDatabase
        ? 'Is PostgreSQL running there? Check DATABASE_URL (unset, walletgate uses SQLite in ./data).'
        : 'Is walletgate running? Start it with npm start (or npx walletgate start) in another terminal.',
      bug: false,
    };
  }
  if (sys.code === 'ENOENT' || sys.code === 'EACCES' || sys.code === 'EISDIR' || sys.code === 'ENOTDIR') {
    return {
      message: `Cannot ${sys.syscall ?? 'open'} ${sys.path ?? 'a file'} (${sys.code}).`,
      hint: 'Check the path and its permissions (WALLETGATE_DATA_DIR, DATABASE_URL, TLS_CERT_FILE / TLS_KEY_FILE).',
      bug: false,
    };
  }
  return undefined;
}

function explainDriveError(e: CustomerDriveError): Explanation {
  if (/^not an (absolute|http\(s\)) URL/.test(e.message)) {
    return {
      message: `${e.message.replace(/^not/, 'Not')}.`,
      hint: "Give the payment's RedirectURL as the API returned it, e.g. 'http://127.0.0.1:8080/pay/…' (in quotes).",
      bug: false,
    };
  }
  return {
    message: `${e.message[0]!.toUpperCase()}${e.message.slice(1)}.`,
    hint: 'Give the RedirectURL of a payment that still waits for its customer (a new payment, if this one is already done).',
    bug: false,
  };
}
