/** What every dashboard POST is checked for before its use case runs: a same-origin Origin, and a form body. */
import type { FastifyRequest } from 'fastify';
import { unstorableCharacter } from '../../core/storable-text.js';

/**
 * A POST whose Origin names another site is refused (a second line behind the CSRF token). Allowed:
 * no Origin (older clients; the token still decides), the request's own host, or the public URL's.
 */
export function originAllowed(req: FastifyRequest, publicOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (publicOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * The form fields of a urlencoded body (the dashboard's content-type parser hands it in as text); ''
 * for a missing one, and for one carrying text no store keeps (a NUL): such a field names nothing.
 */
export function formFields(body: unknown): (name: string) => string {
  const params = new URLSearchParams(typeof body === 'string' ? body : '');
  return (name) => {
    const value = params.get(name) ?? '';
    return unstorableCharacter(value) === undefined ? value : '';
  };
}
