/**
 * `walletgate bank apply <transfer> --payment <id>` and `walletgate bank return <transfer> [--note …]`:
 * a person resolves money kept for them (core/transfers/apply-held-transfer.ts, return-held-transfer.ts).
 */
import type { Config } from '../config.js';
import { formatMoney } from '../core/money.js';
import type { IncomingTransferRecord } from '../core/ports/store.js';
import { applyHeldTransfer } from '../core/transfers/apply-held-transfer.js';
import { returnHeldTransfer } from '../core/transfers/return-held-transfer.js';
import { createLogger } from '../logger.js';
import { createServices } from '../services.js';
import { UsageError } from './cli-error.js';
import type { Flags } from './command-line.js';
import { idNumber } from './flag-values.js';
import { bold, cyan, dim, green } from './terminal-style.js';

function transferId(raw: string | undefined, sub: string): number {
  const id = idNumber(raw);
  if (id === undefined)
    throw new UsageError(
      raw === undefined ? `walletgate bank ${sub} needs the transfer's #id.` : `"${raw}" is not a transfer #id.`,
      'walletgate bank unmatched lists what waits for a person, with its #id.',
    );
  return id;
}

function what(t: IncomingTransferRecord, amount: number): string {
  const from = t.payer ? ` from ${t.payer}` : '';
  const ref = t.reference ? `, reference ${t.reference}` : ', no reference';
  return `${formatMoney(amount, t.currency)}${from} ${dim(`(bank transaction ${t.transactionId}, value date ${t.valueDate}${ref})`)}`;
}

export async function bankResolveCommand(config: Config, sub: 'apply' | 'return', rawId: string | undefined, flags: Flags): Promise<void> {
  const id = transferId(rawId, sub);
  const paymentId = sub === 'apply' ? idNumber(typeof flags.payment === 'string' ? flags.payment : undefined) : undefined;
  if (sub === 'apply' && paymentId === undefined)
    throw new UsageError(
      flags.payment === undefined
        ? 'walletgate bank apply needs --payment <id>: the open payment to apply the money to.'
        : `"${String(flags.payment)}" is not a payment id.`,
      'walletgate payments list --status pending shows the open payments.',
    );
  const services = await createServices(config, { log: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel) });
  try {
    if (sub === 'apply') {
      const done = await applyHeldTransfer(services.deps, id, paymentId!);
      if (flags.json) return void console.log(JSON.stringify(done, null, 2));
      const due = done.payment.connectorState.instructions!;
      const received = done.payment.connectorState.received?.amount ?? 0;
      console.log(`\n  ${green('✔')} ${bold(`Transfer #${id}`)} applied to ${bold(`payment ${done.payment.id}`)}`);
      console.log(`    ${what(done.transfer, done.applied)}`);
      console.log(
        done.result === 'paid'
          ? `    Payment ${done.payment.id} is ${green('paid')}; merchant ${done.payment.merchantId} is notified.\n`
          : `    Payment ${done.payment.id} has ${formatMoney(received, due.accountCurrency)} of ${formatMoney(due.amountToPay, due.accountCurrency)}: ${cyan('it stays open')} for the rest.\n`,
      );
      return;
    }
    const note = typeof flags.note === 'string' ? flags.note : undefined;
    const done = await returnHeldTransfer(services.deps, id, note);
    if (flags.json) return void console.log(JSON.stringify(done, null, 2));
    const t = done.transfer;
    console.log(`\n  ${green('✔')} ${bold(`Transfer #${id}`)} is to be paid back to the payer`);
    console.log(`    ${what(t, done.toPayBack)}`);
    console.log(
      `    Pay ${bold(formatMoney(done.toPayBack, t.currency))} back${t.payer ? ` to ${t.payer}` : ''} from the bank: walletgate sends no money.`,
    );
    if (t.resolutionNote) console.log(`    ${dim('Note:')} ${t.resolutionNote}`);
    console.log(`    ${dim('It left the list of what waits; walletgate bank unmatched --all shows it.')}\n`);
  } finally {
    await services.close();
  }
}
