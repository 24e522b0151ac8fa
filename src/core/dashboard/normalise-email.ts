/** A dashboard user's e-mail as kept: trimmed, lower case; undefined when it is not an address. */
export function normaliseEmail(raw: string): string | undefined {
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !/^[^\s@<>"'()\\,;:]+@[^\s@<>"'()\\,;:]+\.[^\s@<>"'()\\,;:]+$/.test(email)) return undefined;
  return email;
}
