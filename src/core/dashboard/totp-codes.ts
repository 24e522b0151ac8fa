/**
 * TOTP (RFC 6238) for the dashboard's optional second factor (ADR 0026), with the otpauth library:
 * SHA-1, 6 digits, 30-second steps — what every authenticator app reads from an otpauth:// URI. A
 * code is accepted for its step or the one before or after (clocks drift), and only for a step later
 * than the last one accepted: a code seen once is worth nothing again.
 */
import { Secret, TOTP } from 'otpauth';

const PERIOD_S = 30;
const ISSUER = 'walletgate';

/** A new random secret (160 bits), in base32 as apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpOf(secret: string, label = ''): TOTP {
  return new TOTP({ issuer: ISSUER, label, secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: PERIOD_S });
}

/** The otpauth:// URI an app scans (as a QR code) or is typed from. */
export function totpUri(secret: string, email: string): string {
  return totpOf(secret, email).toString();
}

/**
 * The step `code` is valid for at `now` (within one step either side), if that step is later than
 * `lastStep`; undefined otherwise (wrong, or already used).
 */
export function acceptedStep(secret: string, code: string, now: Date, lastStep: number | null): number | undefined {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const delta = totpOf(secret).validate({ token, timestamp: now.getTime(), window: 1 });
  if (delta === null) return undefined;
  const step = Math.floor(now.getTime() / 1000 / PERIOD_S) + delta;
  return lastStep !== null && step <= lastStep ? undefined : step;
}
