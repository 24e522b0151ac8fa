/**
 * A browser-like client of the dashboard over real HTTP: keeps its cookies, never follows redirects
 * (tests look at them), reads the CSRF token from the page's hidden field.
 */
import assert from 'node:assert/strict';

export interface DashboardAnswer {
  status: number;
  text: string;
  location: string | null;
  headers: Headers;
}

export class DashboardClient {
  readonly cookies = new Map<string, string>();
  constructor(public base: string) {}

  private async send(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<DashboardAnswer> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(`${this.base}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, text: await res.text(), location: res.headers.get('location'), headers: res.headers };
  }

  get(path: string): Promise<DashboardAnswer> {
    return this.send('GET', path);
  }

  post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<DashboardAnswer> {
    return this.send('POST', path, new URLSearchParams(form).toString(), headers);
  }

  /** Loads the sign-in form and posts it. */
  async signIn(email: string, password: string): Promise<DashboardAnswer> {
    const form = await this.get('/dashboard/login');
    assert.equal(form.status, 200, form.text.slice(0, 300));
    return this.post('/dashboard/login', { email, password, csrf: csrfIn(form.text) });
  }

  /** Signs in with a one-time password and chooses `password`; ends on the home page. */
  async firstSignIn(email: string, oneTime: string, password: string): Promise<void> {
    const signedIn = await this.signIn(email, oneTime);
    assert.equal(signedIn.status, 303, signedIn.text.slice(0, 300));
    assert.equal(signedIn.location, '/dashboard/password');
    const page = await this.get('/dashboard/password');
    const saved = await this.post('/dashboard/password', { csrf: csrfIn(page.text), current: oneTime, next: password, repeated: password });
    assert.equal(saved.status, 303, saved.text.slice(0, 600));
    assert.equal(saved.location, '/dashboard');
  }

  session(): string | undefined {
    return this.cookies.get('wg_session');
  }
}

export function csrfIn(html: string): string {
  const m = /name="csrf" value="([^"]+)"/.exec(html);
  assert.ok(m, 'the page has a csrf field');
  return m[1]!;
}

/** The secret a "shown once" page shows (a new key, a rotated key, a one-time password). */
export function secretIn(html: string): string {
  const m = /<code class="secret" id="secret">([^<]+)<\/code>/.exec(html);
  assert.ok(m, 'the page shows the secret');
  return m[1]!;
}
