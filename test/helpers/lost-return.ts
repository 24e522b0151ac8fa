/**
 * A customer who approves in the sandbox wallet and whose way back to walletgate is lost: the
 * wallet is driven with a fetch that drops the request to /pay/{token}/return|cancel|fail (a phone
 * losing its connection). Only the sweeper's lookup can then learn the outcome.
 */
import assert from 'node:assert/strict';
import { CustomerDriveError, driveCustomer } from '../../src/sandbox/customer-driver.js';

/** Approves `url`'s checkout at the wallet; the return is lost. Resolves with the lost return's address. */
export async function customerWhoseReturnIsLost(url: string): Promise<string> {
  const lost: string[] = [];
  const dropping: typeof fetch = (input, init) => {
    const target = new URL(input instanceof Request ? input.url : String(input));
    if (/^\/pay\/[^/]+\/(return|cancel|fail)$/.test(target.pathname)) {
      lost.push(target.href);
      return Promise.reject(new TypeError('fetch failed: the connection dropped'));
    }
    return fetch(input, init);
  };
  await assert.rejects(driveCustomer({ url, action: 'approve', fetch: dropping }), CustomerDriveError);
  assert.equal(lost.length, 1, 'the wallet sent the customer back, and that request was lost');
  return lost[0]!;
}
