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
  const toPay = formatMoney(i.amountToPay, i.accountCurrency);
  // [label, value, what the payer must get exactly right]
  const rows: [string, string, boolean][] = [
    ['Bank', i.bankName, false],
    ['Account holder', i.accountHolder, false],
    ['IBAN', i.iban, true],
    ['BIC', i.bic, false],
    ['Account number', i.accountNumber, false],
    ['Reference', i.reference, true],
    ['Amount', toPay, true],
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
<p class="to-pay"><span class="muted">Transfer</span> <span class="amount">${escapeHtml(toPay)}</span></p>
<dl class="transfer" ${data}>${rows.map(([k, v, key]) => `<dt>${escapeHtml(k)}</dt><dd${key ? ' class="key"' : ''}>${escapeHtml(v)}</dd>`).join('')}</dl>
${received}${rate}<p>Quote the reference exactly, so that the payment is found when the money arrives.</p>${
      sandboxBank
        ? `<p class="muted">Sandbox: <a href="${escapeHtml(sandboxBank)}" data-intent="sandbox-bank">pay it from the sandbox bank</a> (no real money moves).</p>`
        : ''
    }</div>`,
    { style: TRANSFER_STYLE },
  );
}

/** The account details as a two-column list (stacked on a phone), each value on its own for copying. */
const TRANSFER_STYLE = `
.to-pay{margin:14px 0 0}.to-pay .amount{display:block;margin-top:2px}
.transfer{display:grid;grid-template-columns:minmax(120px,36%) 1fr;margin:18px 0;border:1px solid var(--line);border-radius:12px;overflow:hidden}
.transfer dt,.transfer dd{margin:0;padding:11px 14px;border-bottom:1px solid var(--line)}
.transfer dt{color:var(--muted);font-size:14px;background:#fafbfd}
.transfer dd{font:600 15px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;overflow-wrap:anywhere}
.transfer dd.key{color:var(--accent)}
.transfer dt:last-of-type,.transfer dd:last-of-type{border-bottom:0}
@media (max-width:600px){.transfer{grid-template-columns:1fr}.transfer dt{border-bottom:0;padding-bottom:0;font-size:13px}.transfer dd{padding-top:2px}}
`;
