/**
 * The fields of POST /v1/payments that decide the hosted payment page (ADR 0016): without
 * `MethodID` the customer chooses on walletgate's hosted checkout among the methods that fit the
 * payment, narrowed by `IncludeMethodIDs` / `ExcludeMethodIDs` and ordered by
 * `PrioritizeMethodIDs` (lists of MethodIDs); `SkipHPP=1` (with `Customer.Email`) goes straight to
 * the wallet, so it needs a MethodID. With a MethodID the lists are checked and echoed only.
 */
import type { MethodChoiceRules } from '../../core/payments/methods-on-offer.js';
import type { Customer } from '../../core/model.js';
import { fieldError, RETURN_CODES } from './errors.js';
import { globalPayMethodById, methodIdOf } from './methods.js';
import type { Json } from './normalise-keys.js';
import { missing, readArray, readInteger, type JsonObject } from './request-fields.js';

const LISTS = ['IncludeMethodIDs', 'ExcludeMethodIDs', 'PrioritizeMethodIDs'] as const;
type ListKey = (typeof LISTS)[number];

export interface HostedPageFields {
  /** null when a MethodID was sent: the customer does not choose. */
  choice: MethodChoiceRules | null;
  /** The lists as MethodIDs, to echo. */
  echo: Partial<Record<ListKey, number[]>>;
  /** SkipHPP=1 (with the customer's e-mail): the hosted page's steps before the wallet are skipped. */
  skip: boolean;
}

function readMethodIds(p: JsonObject, key: ListKey): number[] | null {
  const list = readArray(p, key, key, 100);
  if (list === null) return null;
  return list.map((_, i) => {
    const id = readInteger(list as unknown as JsonObject, String(i), `${key}[${i}]`, 1, 999_999) ?? missing(`${key}[${i}]`);
    if (!globalPayMethodById(id)) throw fieldError(RETURN_CODES.methodInvalid, `${key}[${i}]`, `${id} is not a method walletgate knows`);
    return id;
  });
}

/** SkipHPP: 0 / 1 (or false / true). */
function readSkipHpp(p: JsonObject): boolean {
  const v: Json | undefined = p.SkipHPP;
  if (v === undefined || v === null) return false;
  if (v === true || v === 1 || v === '1') return true;
  if (v === false || v === 0 || v === '0') return false;
  throw fieldError(RETURN_CODES.validationFailed, 'SkipHPP', '0 or 1');
}

export function readHostedPageFields(p: JsonObject, methodId: number | null, customer: Customer | null): HostedPageFields {
  const lists = Object.fromEntries(LISTS.map((k) => [k, readMethodIds(p, k)])) as Record<ListKey, number[] | null>;
  const echo: HostedPageFields['echo'] = {};
  for (const k of LISTS) if (lists[k] !== null) echo[k] = lists[k];
  const skip = readSkipHpp(p);
  if (skip) {
    if (methodId === null)
      throw fieldError(RETURN_CODES.missingParameter, 'MethodID', 'SkipHPP=1 skips the method choice, so the method must be named');
    if (!customer?.email) missing('Customer.Email', RETURN_CODES.customerEmailMissing);
  }
  const core = (ids: number[] | null) => (ids === null ? null : ids.map((id) => globalPayMethodById(id)!.core));
  if (methodId !== null) {
    if (lists.IncludeMethodIDs !== null && !lists.IncludeMethodIDs.includes(methodId))
      throw fieldError(RETURN_CODES.validationFailed, 'MethodID', `${methodId} is not in IncludeMethodIDs`);
    if (lists.ExcludeMethodIDs?.includes(methodId))
      throw fieldError(RETURN_CODES.validationFailed, 'MethodID', `${methodId} is in ExcludeMethodIDs`);
    return { choice: null, echo, skip };
  }
  return {
    choice: { include: core(lists.IncludeMethodIDs), exclude: core(lists.ExcludeMethodIDs), prioritize: core(lists.PrioritizeMethodIDs) },
    echo,
    skip,
  };
}

/** The MethodID of a payment for the answer: null while the customer has not chosen. */
export function answeredMethodId(p: { method: string; connectorState: { methodChoice?: unknown } }): number | null {
  return p.connectorState.methodChoice !== undefined ? null : methodIdOf(p.method);
}
