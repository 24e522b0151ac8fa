/**
 * Alipay+'s message signature (upstream.md §2.1), as the official SDKs compute it:
 *
 *     content   = METHOD + " " + path + "\n" + clientId + "." + time + "." + rawBody
 *     signature = urlEncode(base64(RSA-SHA256-PKCS1v15(content, privateKey)))
 *     header    = "algorithm=RSA256,keyVersion=" + keyVersion + ",signature=" + signature
 *
 * The sandbox signs its answers and notifications with its own key and verifies the acquirer's
 * requests with the acquirer's public key. Parsing is lenient: spaces after commas, any keyVersion.
 */
import { createSign, createVerify } from 'node:crypto';

export interface SignedMessage {
  method: string;
  path: string;
  clientId: string;
  /** Request-Time on a request or notification, response-time on an answer */
  time: string;
  rawBody: string;
}

function content(m: SignedMessage): string {
  return `${m.method} ${m.path}\n${m.clientId}.${m.time}.${m.rawBody}`;
}

export function signatureHeader(m: SignedMessage, privateKeyPem: string, keyVersion = '1'): string {
  const sig = createSign('RSA-SHA256').update(content(m), 'utf8').sign(privateKeyPem, 'base64');
  return `algorithm=RSA256,keyVersion=${keyVersion},signature=${encodeURIComponent(sig)}`;
}

/** The signature part of a Signature header, URL-decoded; undefined when the header has none. */
function signatureOf(header: string): string | undefined {
  const m = /(?:^|,)\s*signature=([^,\s]+)/.exec(header);
  if (!m?.[1]) return undefined;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return undefined;
  }
}

export function verifySignature(m: SignedMessage, header: string | undefined, publicKeyPem: string): boolean {
  if (header === undefined) return false;
  const sig = signatureOf(header);
  if (sig === undefined) return false;
  try {
    return createVerify('RSA-SHA256').update(content(m), 'utf8').verify(publicKeyPem, sig, 'base64');
  } catch {
    return false;
  }
}
