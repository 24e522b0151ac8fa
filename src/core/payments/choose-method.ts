/**
 * The customer chooses the method of a payment awaiting that choice (ADR 0016), on the hosted
 * checkout: the method must be one on offer now (the merchant's rules, the currency, country and
 * amount); the payment takes it, in the transaction that ends the wait for a choice, and the
 * wallet is asked to open its checkout as for any payment made with its method. A second choice
 * (a double submit, the back button) changes nothing: the payment is returned as it is.
 */
import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import type { Payment } from '../model.js';
import type { PaymentMethod } from '../methods.js';
import { changePayment } from '../record-change.js';
import { customerRefOf, itemNameOf } from './create-payment.js';
import { methodsOnOffer } from './methods-on-offer.js';
import { openWalletCheckout } from './open-checkout.js';

/** True while the payment waits for the customer to choose its method. */
export function awaitsMethodChoice(p: Pick<Payment, 'status' | 'connectorState'>): boolean {
  return p.status === 'pending_customer' && p.connectorState.methodChoice !== undefined;
}

/** The methods the customer may choose from for this payment now, in the order to show them; empty once chosen. */
export function methodsToChoose(deps: Pick<CoreDeps, 'connectors'>, p: Payment): PaymentMethod[] {
  const rules = p.connectorState.methodChoice;
  if (!awaitsMethodChoice(p) || rules === undefined) return [];
  return methodsOnOffer(
    deps.connectors,
    Object.assign({}, rules, { currency: p.currency, country: p.billingAddress?.country ?? null, amount: p.amount }),
  );
}

export async function chooseMethod(deps: CoreDeps, token: string, code: string): Promise<Payment> {
  const found = await deps.store.payments.getByCustomerToken(token);
  if (!found) throw new CoreError('not_found', 'This payment link is not valid.');
  if (!awaitsMethodChoice(found)) return found;
  const method = methodsToChoose(deps, found).find((m) => m.code === code);
  if (!method) throw new CoreError('method_unavailable', `The method ${code} is not on offer for this payment.`, { field: 'method' });
  if (found.expiresAt && found.expiresAt.getTime() <= deps.clock().getTime())
    throw new CoreError('payment_state_conflict', 'The time to pay has run out.');
  const chosen = await deps.store.transaction(
    async (tx) => {
      const cur = (await tx.payments.getByIdForUpdate(found.id))!;
      if (!awaitsMethodChoice(cur)) return null;
      const { methodChoice: _done, ...state } = cur.connectorState;
      return changePayment(
        deps,
        tx,
        cur,
        { method: method.code, connector: method.connector, connectorState: state },
        { kind: 'redirect', status: 'pending', code: method.code, message: `The customer chose ${method.name}` },
      );
      // the wallet is asked next, which moves no money; the customer's answer waits for the transaction
      // that records the wallet's, whose durable commit makes this one durable too (ADR 0032)
    },
    { durability: 'with-next-commit' },
  );
  if (chosen === null) return (await deps.store.payments.getById(found.id))!;
  return openWalletCheckout(deps, chosen, {
    customerRef: customerRefOf(chosen.merchantId, chosen.customer),
    itemName: itemNameOf(chosen.description, chosen.articles) ?? `Order ${chosen.reference}`,
    recurring: false,
  });
}
