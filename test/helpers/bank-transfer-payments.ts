/**
 * What the bank transfer tests share: seed 004's Bank Transfer request (400 PLN minor units for a
 * German customer, MethodID 1) under a reference of the test's, and the `walletgate` CLI run against
 * a test gateway's database.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Gateway } from './gateway-harness.js';

/** A Bank Transfer payment request; `extra` adds or replaces fields of `Payment`. */
export function bankTransferRequest(reference: string, extra: Record<string, unknown> = {}): { Payment: Record<string, unknown> } {
  return {
    Payment: {
      MerchantTransactionID: reference,
      Amount: 400,
      Currency: 'PLN',
      ReturnURL: 'http://demo.smart2pay.com/redirect.php',
      MethodID: 1,
      BillingAddress: { Country: 'DE' },
      ...extra,
    },
  };
}

const run = promisify(execFile);
const bin = new URL('../../bin/walletgate.mjs', import.meta.url).pathname;

/** `walletgate …` on the gateway's database, its data folder `dataDir`; rejects on a non-zero exit. */
export function gatewayCli(gw: Pick<Gateway, 'storeLocation'>, dataDir: string) {
  return (args: string[]) =>
    run(process.execPath, [bin, ...args], {
      env: {
        ...process.env,
        DATABASE_URL: gw.storeLocation,
        WALLETGATE_DATA_DIR: dataDir,
        WALLETGATE_MASTER_KEY: 'test-master-key',
        NO_COLOR: '1',
      },
    });
}
