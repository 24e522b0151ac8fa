/**
 * `walletgate bank unmatched` (money that waits for a person: unmatched, ambiguous, another
 * currency, late, already paid, overpaid; `--all` with what people resolved) and `walletgate bank import FILE` (an account statement,
 * CSV or camt.053: every credit in it recorded as money arriving, once however often it is imported).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Config } from '../config.js';
import { isCoreError } from '../core/errors.js';
import { formatMoney } from '../core/money.js';
import { NEEDS_A_PERSON, type IncomingTransferRecord, type TransferOutcome } from '../core/ports/store.js';
import { importStatement, statementReaders } from '../core/transfers/import-statement.js';
import type { RecordedTransfer } from '../core/transfers/record-incoming-transfer.js';
import { createLogger } from '../logger.js';
import { createServices } from '../services.js';
import { withStore } from './admin-commands.js';
import { bankResolveCommand } from './bank-resolve-command.js';
import { UsageError } from './cli-error.js';
import type { Flags } from './command-line.js';
import { limitFlag } from './flag-values.js';
import { bold, cyan, dim, green, table, yellow } from './terminal-style.js';

const WORDS: Readonly<Record<TransferOutcome, string>> = {
  paid: 'paid its payment',
  partial: 'part of a payment (still open)',
  overpaid: 'paid, with money too much',
  unmatched: 'matches no payment',
  ambiguous: 'matches several open payments',
  wrong_currency: 'in another currency',
  late: 'came after its payment ended',
  already_paid: 'for a payment already paid',
};

function paint(o: TransferOutcome): string {
  if (o === 'paid') return green(o);
  if (o === 'partial') return cyan(o);
  return NEEDS_A_PERSON.includes(o) ? yellow(o) : o;
}

function resolution(t: IncomingTransferRecord): string {
  if (t.resolution === null) return yellow('waits');
  const when = t.resolvedAt ? dim(` ${t.resolvedAt.toISOString().slice(0, 10)}`) : '';
  const note = t.resolutionNote ? ` ${dim(t.resolutionNote)}` : '';
  return t.resolution === 'applied' ? `${green(`applied → ${t.resolvedPaymentId ?? '?'}`)}${when}` : `${cyan('returned')}${when}${note}`;
}

function unmatchedTable(list: IncomingTransferRecord[], withResolution: boolean): string {
  const head = [
    bold('#'),
    bold('VALUE DATE'),
    bold('AMOUNT'),
    bold('REFERENCE'),
    bold('PAYER'),
    bold('OUTCOME'),
    bold('PAYMENT'),
    bold('WHY'),
  ];
  return table([
    withResolution ? [...head, bold('RESOLVED')] : head,
    ...list.map((t) => [
      String(t.id),
      t.valueDate,
      formatMoney(t.amount, t.currency),
      t.reference || dim('(none)'),
      t.payer ?? '',
      paint(t.outcome),
      t.paymentId === null ? '' : String(t.paymentId),
      t.note ?? '',
      ...(withResolution ? [resolution(t)] : []),
    ]),
  ]);
}

function summary(recorded: RecordedTransfer[], file: string): string {
  const fresh = recorded.filter((r) => !r.duplicate);
  const seen = recorded.length - fresh.length;
  const by = new Map<TransferOutcome, RecordedTransfer[]>();
  for (const r of fresh) by.set(r.transfer.outcome, [...(by.get(r.transfer.outcome) ?? []), r]);
  const lines = [`\n  ${bold(file)}: ${recorded.length} credit${recorded.length === 1 ? '' : 's'} read\n`];
  for (const [outcome, rs] of by) {
    const sums = new Map<string, number>();
    for (const r of rs) sums.set(r.transfer.currency, (sums.get(r.transfer.currency) ?? 0) + r.transfer.amount);
    const money = [...sums].map(([c, a]) => formatMoney(a, c)).join(' + ');
    const mark = outcome === 'paid' || outcome === 'partial' ? green('✔') : yellow('!');
    lines.push(`  ${mark} ${String(rs.length).padStart(3)} ${WORDS[outcome].padEnd(32)} ${money}`);
  }
  if (seen > 0) lines.push(`  ${dim('·')} ${String(seen).padStart(3)} ${dim('imported before: nothing applied again')}`);
  const waiting = fresh.filter((r) => NEEDS_A_PERSON.includes(r.transfer.outcome)).length;
  lines.push(
    waiting > 0
      ? `\n  ${yellow(`${waiting} wait${waiting === 1 ? 's' : ''} for a person:`)} walletgate bank unmatched\n`
      : `\n  ${green('Nothing waits for a person.')}\n`,
  );
  return lines.join('\n');
}

export async function bankCommand(config: Config, args: string[], flags: Flags): Promise<void> {
  const [sub = 'unmatched', file] = args;
  if (sub === 'unmatched') {
    return withStore(config, async (store) => {
      const all = flags.all === true;
      const list = await store.incomingTransfers.list(NEEDS_A_PERSON, limitFlag(flags.limit, 50), { resolved: all });
      if (flags.json) return void console.log(JSON.stringify(list, null, 2));
      if (list.length === 0)
        return void console.log(green(all ? 'No incoming money was ever kept for a person.' : 'No incoming money waits for a person.'));
      console.log(unmatchedTable(list, all));
      if (!all) console.log(dim('\n  Resolve one: walletgate bank apply <#> --payment <id>, or walletgate bank return <#> [--note "…"]'));
    });
  }
  if (sub === 'apply' || sub === 'return') return bankResolveCommand(config, sub, file, flags);
  if (file === undefined)
    throw new UsageError('walletgate bank import needs a statement file.', 'CSV or camt.053 XML: docs/cli.md, "bank import".');
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`Cannot read ${file}: ${(e as Error).message}`, 'Give the path of a CSV or camt.053 statement.');
  }
  const services = await createServices(config, { log: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel) });
  try {
    const [reader] = statementReaders(services.deps);
    if (reader === undefined) throw new UsageError('No bank account is configured in this gateway.', 'docs/globalpay.md, "Bank Transfer".');
    const name = basename(file);
    const tty = process.stderr.isTTY;
    const recorded = await importStatement(services.deps, reader, content, name, (done, total, last) => {
      if (tty) process.stderr.write(`\r  ${dim(`${done}/${total}`)} ${last.transfer.reference || '(no reference)'}`.padEnd(60));
    });
    if (tty) process.stderr.write('\r'.padEnd(62) + '\r');
    if (flags.json) return void console.log(JSON.stringify(recorded, null, 2));
    console.log(summary(recorded, name));
  } catch (e) {
    if (isCoreError(e) && e.code === 'request_invalid')
      throw new UsageError(
        e.message,
        'Nothing was recorded. CSV columns: transaction_id,value_date,amount,currency,reference,payer,account.',
      );
    throw e;
  } finally {
    await services.close();
  }
}

export const BANK_HELP = `  walletgate bank [unmatched] [--all] [--limit 50] [--json]
                                                      incoming money that waits for a person
                                                      (--all: also what people resolved, and how)
  walletgate bank import <FILE> [--json]              a statement (CSV or camt.053): credits matched to payments
  walletgate bank apply <#> --payment <id> [--json]   apply money kept for a person to an open payment
                                                      (same merchant, account and currency; notified)
  walletgate bank return <#> [--note "…"] [--json]    mark it to be paid back to the payer by a person`;
