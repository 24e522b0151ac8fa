/**
 * Who is asking: a merchant, through one of walletgate's APIs. A record is reached through the API
 * that made it (docs/adr/0008-records-reached-through-their-api.md): another API's payment, refund
 * or agreement is `not_found`, exactly like another merchant's, so nothing about it leaks and no
 * API applies its rules to a record made under another's.
 */
import type { DialectId } from './model.js';

export interface Reader {
  merchantId: string;
  dialect: DialectId;
}

/** Whether the reader may see this record: its own merchant's, made through its own API. */
export function reaches(who: Reader, rec: { merchantId: string; dialect: DialectId }): boolean {
  return rec.merchantId === who.merchantId && rec.dialect === who.dialect;
}
