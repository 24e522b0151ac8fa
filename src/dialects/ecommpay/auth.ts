/**
 * Gate authentication: a request is signed, not keyed. `general.project_id` names the project (the
 * credential's key id); `general.signature` must be the signature of the body without any
 * `signature`, made with that project's secret key. Checked before any other field, so a refused
 * request costs no more than the look-up and says nothing about the rest of the body.
 */
import type { CoreDeps } from '../../core/deps.js';
import type { Merchant } from '../../core/model.js';
import { authenticateBySignature } from '../../core/merchants/authenticate.js';
import { isProjectId } from './credentials.js';
import { EcpError } from './errors.js';
import { signatureMatches, withoutSignature } from './signature.js';

export interface GateAuth {
  merchant: Merchant;
  projectId: number;
  /** The project's secret key: what the answers that carry a signature are signed with. */
  secret: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The request's `general` object, or the error a merchant can act on. */
export function generalOf(body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw new EcpError('malformed');
  if (body.general === undefined) throw new EcpError('missing', 'general');
  if (!isObject(body.general)) throw new EcpError('invalid', 'general', 'general must be an object');
  return body.general;
}

export async function authenticateGate(deps: Pick<CoreDeps, 'store' | 'masterKey' | 'clock'>, body: unknown): Promise<GateAuth> {
  const general = generalOf(body);
  const projectId = general.project_id;
  if (projectId === undefined) throw new EcpError('missing', 'general.project_id');
  if (!isProjectId(projectId)) throw new EcpError('invalid', 'general.project_id', 'general.project_id must be a positive integer');
  if (general.signature === undefined) throw new EcpError('missing', 'general.signature');
  if (typeof general.signature !== 'string' || general.signature === '' || general.signature.length > 1024)
    throw new EcpError('signature', 'general.signature');
  const { unsigned, signature } = withoutSignature(body);
  const given = signature ?? '';
  const found = await authenticateBySignature(
    deps.store,
    deps.masterKey,
    'ecommpay',
    String(projectId),
    (secret) => signatureMatches(unsigned as object, given, secret),
    deps.clock(),
  );
  if (!found) {
    const known = await authenticateBySignature(deps.store, deps.masterKey, 'ecommpay', String(projectId), () => true, deps.clock());
    throw known ? new EcpError('signature', 'general.signature') : new EcpError('project', 'general.project_id');
  }
  return { merchant: found.merchant, projectId, secret: found.secret };
}
