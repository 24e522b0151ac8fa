/** `walletgate payments list` and `payments show <id>`: what happened to payments, read from the configured database. */
import type { Config } from '../config.js';
import { PAYMENT_STATUSES, type Payment, type PaymentStatus } from '../core/model.js';
import { formatMoney } from '../core/money.js';
import { listRecentPayments } from '../core/payments/list-recent-payments.js';
import { getPaymentOverview, type PaymentOverview } from '../core/payments/payment-overview.js';
import { DIALECTS, DIALECT_IDS, isRegisteredDialect } from '../dialects/index.js';
import { merchantOrFail, withStore } from './admin-commands.js';
import { UsageError } from './cli-error.js';
import type { Flags } from './command-line.js';
import { idNumber, limitFlag, someOf } from './flag-values.js';
import { bold, cyan, dim, green, red, table, yellow } from './terminal-style.js';

/** A payment's number as any API shows it: 4938078, Adyen's WP00000004938078, Checkout.com's pay_…. */
function paymentNumber(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  for (const id of DIALECT_IDS) {
    const n = DIALECTS[id].paymentId?.parse(raw);
    if (n !== undefined) return n;
  }
  return idNumber(raw);
}

/** The API's name for people, and the id it shows for the payment when that is not the number. */
function throughApi(p: Payment): { title: string; id: string | undefined } {
  if (!isRegisteredDialect(p.dialect)) return { title: p.dialect, id: undefined };
  const d = DIALECTS[p.dialect];
  return { title: d.title, id: d.paymentId?.format(p.id) };
}

function paintStatus(s: string): string {
  if (s === 'succeeded' || s === 'delivered' || s === 'ok') return green(s);
  if (s === 'failed' || s === 'cancelled' || s === 'expired') return red(s);
  if (s === 'partially_refunded' || s === 'refunded') return cyan(s);
  return yellow(s);
}

const when = (d: Date | null | undefined): string => (d ? d.toISOString().replace('T', ' ').slice(0, 19) : '');

export async function paymentsCommand(config: Config, args: string[], flags: Flags): Promise<void> {
  const [sub = 'list', idArg] = args;
  await withStore(config, async (store) => {
    if (sub === 'show') {
      const id = paymentNumber(idArg);
      if (id === undefined)
        throw new UsageError(
          `walletgate payments show needs a payment id, got ${idArg === undefined ? 'nothing' : `"${idArg}"`}.`,
          'Give the number (4938078), the Adyen pspReference (WP…) or the Checkout.com id (pay_…); walletgate payments list shows them.',
        );
      const overview = await getPaymentOverview({ store }, id);
      if (!overview) throw new UsageError(`No payment ${idArg}.`, 'walletgate payments list shows the newest payments.');
      if (flags.json) return void console.log(JSON.stringify(overview, null, 2));
      return void console.log(describePayment(overview));
    }
    const merchantId = typeof flags.merchant === 'string' ? await merchantOrFail(store, flags.merchant) : undefined;
    const statuses = someOf<PaymentStatus>('--status', flags.status, PAYMENT_STATUSES);
    const payments = await listRecentPayments(
      { store },
      { ...(merchantId ? { merchantId } : {}), ...(statuses ? { statuses } : {}), limit: limitFlag(flags.limit, 20) },
    );
    if (flags.json) return void console.log(JSON.stringify(payments, null, 2));
    if (payments.length === 0) return void console.log(dim(statuses || merchantId ? 'No payments match.' : 'No payments yet.'));
    console.log(
      table([
        [
          bold('ID'),
          bold('CREATED (UTC)'),
          bold('MERCHANT'),
          bold('API'),
          bold('REFERENCE'),
          bold('AMOUNT'),
          bold('STATUS'),
          bold('REFUNDED'),
        ],
        ...payments.map((p) => [
          String(p.id),
          when(p.createdAt),
          p.merchantId,
          p.dialect,
          p.reference,
          formatMoney(p.amount, p.currency),
          paintStatus(p.status),
          p.refundedAmount > 0 ? formatMoney(p.refundedAmount, p.currency) : dim('—'),
        ]),
      ]),
    );
  });
}

function describePayment({ payment: p, refunds, operations, notifications }: PaymentOverview): string {
  const money = (n: number) => formatMoney(n, p.currency);
  const api = throughApi(p);
  const lines = [
    `${bold(`Payment ${p.id}`)}  ${paintStatus(p.status)}${api.id ? dim(`  (${api.title}: ${api.id})`) : ''}`,
    `  merchant    ${p.merchantId} through ${api.title}, reference ${bold(p.reference)}`,
    `  amount      ${money(p.amount)}, captured ${money(p.capturedAmount)}, refunded ${money(p.refundedAmount)}` +
      (p.refundReservedAmount > 0 ? `, ${money(p.refundReservedAmount)} being refunded` : ''),
    ...(p.description ? [`  description ${p.description}`] : []),
    `  wallet      ${p.connector} ${p.connectorState.ref ?? dim('(no transaction yet)')}${p.preapprovalId ? `, on preapproval ${p.preapprovalId}` : ''}`,
    `  created     ${when(p.createdAt)}, updated ${when(p.updatedAt)}${p.expiresAt && p.status === 'pending_customer' ? `, expires ${when(p.expiresAt)}` : ''}`,
    ...(p.failureCode || p.failureMessage ? [`  failure     ${red(`${p.failureCode ?? ''} ${p.failureMessage ?? ''}`.trim())}`] : []),
    '',
    bold('Refunds'),
    refunds.length === 0
      ? dim('  none')
      : table(
          refunds.map((r) => [
            `  #${r.id}`,
            when(r.createdAt),
            money(r.amount),
            paintStatus(r.status),
            r.reference ?? '',
            r.failureMessage ? red(r.failureMessage) : '',
          ]),
        ),
    '',
    bold('Timeline'),
    operations.length === 0
      ? dim('  none')
      : table(
          operations.map((o) => [
            `  ${when(o.createdAt)}`,
            o.kind + (o.refundId ? ` #${o.refundId}` : ''),
            paintStatus(o.status),
            o.amount !== null ? formatMoney(o.amount, o.currency ?? p.currency) : '',
            [o.code, o.message].filter(Boolean).join(' '),
          ]),
        ),
    '',
    bold('Notifications'),
  ];
  if (notifications.length === 0) lines.push(dim('  none'));
  for (const n of notifications) {
    lines.push(`  #${n.id} ${n.event} → ${n.url}  ${paintStatus(n.status)}`);
    for (const a of n.deliveryAttempts) {
      const answer = a.statusCode !== null ? `HTTP ${a.statusCode}` : (a.error ?? 'no answer');
      lines.push(
        dim(
          `      attempt ${a.attempt}  ${when(a.at)}  ${answer}${a.statusCode !== null && a.error ? ` ${a.error}` : ''}  ${a.durationMs} ms`,
        ),
      );
    }
    if (n.status === 'pending') lines.push(dim(`      next attempt ${when(n.nextAttemptAt)}`));
  }
  return lines.join('\n');
}
