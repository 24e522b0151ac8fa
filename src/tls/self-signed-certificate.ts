/**
 * A self-signed certificate for the HTTPS listener, created once in {dataDir}/tls and reused, so a
 * client that trusts cert.pem keeps trusting it across restarts. Generated with the `openssl` CLI
 * (run without a shell): Node's crypto makes keys but not X.509 certificates.
 */
import { execFile } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Certificate {
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
  /** true when this call created the files */
  generated: boolean;
}

export const CERT_VALIDITY_DAYS = 825;

/** The SAN entries for these hosts: always localhost and 127.0.0.1; wildcard addresses are left out. */
export function subjectAltNames(hosts: string[]): string[] {
  const names = new Set(['DNS:localhost', 'IP:127.0.0.1']);
  for (const raw of hosts) {
    const host = raw.replace(/^\[|\]$/g, '').trim();
    if (host === '' || host === '0.0.0.0' || host === '::') continue;
    if (isIP(host)) names.add(`IP:${host}`);
    else if (/^[A-Za-z0-9.-]+$/.test(host)) names.add(`DNS:${host.toLowerCase()}`);
  }
  return [...names];
}

async function readPair(certFile: string, keyFile: string): Promise<{ cert: string; key: string } | undefined> {
  try {
    return { cert: await readFile(certFile, 'utf8'), key: await readFile(keyFile, 'utf8') };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Throws unless cert is a PEM certificate and key the private key that belongs to it. */
function checkPair(cert: string, key: string, certFile: string): void {
  let ok: boolean;
  try {
    ok = new X509Certificate(cert).checkPrivateKey(createPrivateKey(key));
  } catch (e) {
    throw new Error(`${certFile} or its key is not a readable PEM certificate / private key: ${(e as Error).message}`, {
      cause: e,
    });
  }
  if (!ok) throw new Error(`The private key does not belong to the certificate ${certFile}.`);
}

/** Reads a certificate and key the user supplied (TLS_CERT_FILE / TLS_KEY_FILE). */
export async function readCertificate(certFile: string, keyFile: string): Promise<Certificate> {
  const pair = await readPair(certFile, keyFile);
  if (!pair) throw new Error(`Cannot read the TLS certificate ${certFile} or key ${keyFile} (TLS_CERT_FILE / TLS_KEY_FILE).`);
  checkPair(pair.cert, pair.key, certFile);
  return { ...pair, certFile, keyFile, generated: false };
}

/** Reuses {dataDir}/tls/cert.pem + key.pem if both exist, else creates them (EC P-256, 825 days). */
export async function ensureCertificate(dataDir: string, hosts: string[]): Promise<Certificate> {
  const dir = join(dataDir, 'tls');
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const existing = await readPair(certFile, keyFile);
  if (existing) {
    checkPair(existing.cert, existing.key, certFile);
    return { ...existing, certFile, keyFile, generated: false };
  }

  await mkdir(dir, { recursive: true });
  // Generate beside the final files and rename into place, so a half-written pair is never reused.
  const work = await mkdtemp(join(dir, 'new-'));
  try {
    const tmpCert = join(work, 'cert.pem');
    const tmpKey = join(work, 'key.pem');
    try {
      await run(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-sha256',
          '-days',
          String(CERT_VALIDITY_DAYS),
          '-subj',
          '/CN=walletgate (self-signed)',
          '-addext',
          `subjectAltName=${subjectAltNames(hosts).join(',')}`,
          '-addext',
          'basicConstraints=critical,CA:FALSE',
          '-addext',
          'extendedKeyUsage=serverAuth',
          '-keyout',
          tmpKey,
          '-out',
          tmpCert,
        ],
        { timeout: 30_000 },
      );
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new Error(
          'Cannot create a self-signed TLS certificate: the openssl command was not found. ' +
            'Install openssl, or set TLS_CERT_FILE and TLS_KEY_FILE to your own certificate and key (or HTTPS_PORT=0 to turn HTTPS off).',
          { cause: e },
        );
      }
      const stderr = (e as { stderr?: string }).stderr?.trim();
      throw new Error(`openssl could not create a self-signed TLS certificate${stderr ? `: ${stderr}` : ''}`, { cause: e });
    }
    await chmod(tmpKey, 0o600);
    // Key first: a cert.pem without its key.pem is never read as a pair.
    await rename(tmpKey, keyFile);
    await rename(tmpCert, certFile);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const created = await readPair(certFile, keyFile);
  if (!created) throw new Error(`The TLS certificate just created in ${dir} has gone missing.`);
  // Fail here, not in the TLS handshake, if openssl produced something Node cannot read (or two
  // starts racing on a fresh data folder interleaved their renames).
  checkPair(created.cert, created.key, certFile);
  return { ...created, certFile, keyFile, generated: true };
}
