/**
 * The customer's page of a pay-by-reference payment (/pay/{token} while it waits for the money):
 * the account to pay into, the reference to quote and the amount, with what has arrived so far.
 * The same values sit in data attributes of the `transfer` block, for a banking app (or the sandbox
 * bank) that reads them.
 */
import type { Payment } from '../core/model.js';
import { formatMoney } from '../core/money.js';
import { escapeHtml, page } from './page-layout.js';

/** `sandboxBank`: with the sandbox on, the sandbox bank's page to pay this payment from (linked). */
export function renderTransferInstructions(p: Payment, sandboxBank: string | null = null): string | null {
  const i = p.connectorState.instructions;
  if (!i) return null;
  const got = p.connectorState.received;
  const rows: [string, string][] = [
    ['Bank', i.bankName],
    ['Account holder', i.accountHolder],
    ['IBAN', i.iban],
    ['BIC', i.bic],
    ['Account number', i.accountNumber],
    ['Reference', i.reference],
    ['Amount', formatMoney(i.amountToPay, i.accountCurrency)],
  ];
  const rate = i.rate
    ? `<p class="muted">${escapeHtml(formatMoney(p.amount, p.currency))} at 1 ${escapeHtml(p.currency)} = ${escapeHtml(i.rate.value)} ${escapeHtml(i.accountCurrency)} (${escapeHtml(i.rate.source)}, ${escapeHtml(i.rate.date)}).</p>`
    : '';
  const received = got
    ? `<p>Received so far: <strong>${escapeHtml(formatMoney(got.amount, got.currency))}</strong> of ${escapeHtml(formatMoney(i.amountToPay, i.accountCurrency))}.</p>`
    : '';
  const data = [
    ['reference', i.reference],
    ['iban', i.iban],
    ['amount', String(i.amountToPay - (got?.amount ?? 0))],
    ['currency', i.accountCurrency],
  ]
    .map(([k, v]) => `data-${k}="${escapeHtml(v!)}"`)
    .join(' ');
  return page(
    'Pay by bank transfer',
    `<div class="card narrow"><h1>Pay by bank transfer</h1>
<p class="muted">${escapeHtml(p.description ?? '')}</p>
<dl class="transfer" ${data}>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
${received}${rate}<p>Quote the reference exactly, so that the payment is found when the money arrives.</p>${
      sandboxBank
        ? `<p class="muted">Sandbox: <a href="${escapeHtml(sandboxBank)}" data-intent="sandbox-bank">pay it from the sandbox bank</a> (no real money moves).</p>`
        : ''
    }</div>`,
  );
}
