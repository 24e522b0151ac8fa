/**
 * A preapproval (mandate): the customer agrees once in the wallet (KakaoPay subscription CID,
 * 0-won registration → SID); later charges need no customer.
 */
import type { CoreDeps } from '../deps.js';
import { newCustomerToken } from '../ids.js';
import type { Address, Customer, DialectId, Preapproval } from '../model.js';
import { changePreapproval, recordPreapprovalCreated } from '../record-change.js';
import { validateMethodRequest } from '../validate-method.js';
import { connectorOf } from '../method-capabilities.js';
import { classifyConnectorFailure } from '../connector-failure.js';
import { openedCheckoutState, walletReturnUrls } from '../wallet-checkout.js';
import { customerRefOf } from '../payments/create-payment.js';
import { insertUnique } from '../unique-reference.js';
import { walletCallOf } from '../request-context.js';

export interface CreatePreapprovalInput {
  merchantId: string;
  dialect: DialectId;
  reference: string;
  uniqueReference: boolean;
  method: string;
  currency?: string | null;
  country?: string | null;
  description?: string | null;
  returnUrl?: string | null;
  customer?: Customer | null;
  billingAddress?: Address | null;
  recurringPeriod?: number | null;
  maxAmount?: number | null;
  extras?: Record<string, unknown>;
}

export async function createPreapproval(deps: CoreDeps, input: CreatePreapprovalInput): Promise<Preapproval> {
  const country = input.country ?? input.billingAddress?.country ?? null;
  const method = validateMethodRequest(deps.connectors, { method: input.method, currency: input.currency, country, recurring: true });
  const now = deps.clock();
  const token = newCustomerToken();

  const created = await deps.store.transaction(async (tx) => {
    const p = await insertUnique(
      tx.preapprovals.insert({
        merchantId: input.merchantId,
        dialect: input.dialect,
        reference: input.reference,
        uniqueReference: input.uniqueReference ? input.reference : null,
        method: method.code,
        connector: method.connector,
        currency: input.currency ?? null,
        description: input.description ?? null,
        returnUrl: input.returnUrl ?? null,
        customer: input.customer ?? null,
        billingAddress: input.billingAddress ?? (country ? { country } : null),
        recurringPeriod: input.recurringPeriod ?? null,
        maxAmount: input.maxAmount ?? null,
        status: 'pending',
        customerToken: token,
        expiresAt: new Date(now.getTime() + method.defaultLifetimeMinutes * 60_000),
        agreementToken: null,
        connectorState: {},
        failureCode: null,
        failureMessage: null,
        extras: input.extras ?? {},
        createdAt: now,
      }),
    );
    await recordPreapprovalCreated(tx, p, `Preapproval created by the ${p.dialect} API`);
    return p;
  });

  try {
    const customerRef = customerRefOf(created.merchantId, input.customer);
    const started = await connectorOf(deps.connectors, method.connector).startPayment(
      {
        method: method.code,
        orderId: `pre-${created.id}`,
        customerRef,
        itemName: (input.description ?? `Subscription ${created.reference}`).slice(0, 100),
        amount: 0,
        currency: created.currency ?? method.currencies[0]!,
        recurring: true,
        returnUrls: walletReturnUrls(deps.links, token),
      },
      walletCallOf(deps),
    );
    return await deps.store.transaction(async (tx) =>
      changePreapproval(
        deps,
        tx,
        created,
        {
          connectorState: openedCheckoutState(started, customerRef),
        },
        { kind: 'redirect', status: 'ok', code: started.ref, message: 'Agreement opened at the wallet; waiting for the customer' },
      ),
    );
  } catch (e) {
    const f = classifyConnectorFailure(e);
    return deps.store.transaction(async (tx) =>
      changePreapproval(
        deps,
        tx,
        created,
        { status: 'failed', failureCode: f.code, failureMessage: f.message },
        {
          kind: 'decline',
          status: 'failed',
          code: f.code,
          message: f.message,
        },
      ),
    );
  }
}
