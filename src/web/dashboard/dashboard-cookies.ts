/**
 * The dashboard's two cookies (ADR 0022), both HttpOnly, SameSite=Lax, Path=/dashboard, Secure when
 * the public URL is https, and without Max-Age (they end with the browser; the server ends sessions
 * sooner): `wg_session` carries the session id; `wg_signin` the sign-in form's token, compared with
 * the form's hidden field (double submit) so another site cannot sign a browser in to its account.
 */
export const SESSION_COOKIE = 'wg_session';
export const SIGN_IN_COOKIE = 'wg_signin';
/** A right password waiting for its TOTP code (ADR 0026): the pending sign-in's id, worth nothing without the code. */
export const PENDING_COOKIE = 'wg_pending';

/** The cookies a request carries, by name (the first of a name wins); values are not decoded: ours are base64url. */
export function readCookies(header: string | undefined): Record<string, string> {
  const found: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    if (!(name in found)) found[name] = part.slice(eq + 1).trim();
  }
  return found;
}

export function setCookie(name: string, value: string, secure: boolean): string {
  return `${name}=${value}; Path=/dashboard; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

export function clearCookie(name: string, secure: boolean): string {
  return `${name}=; Path=/dashboard; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`;
}
