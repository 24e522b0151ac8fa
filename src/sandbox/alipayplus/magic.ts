/**
 * Magic values of the Alipay+ sandbox: markers in the pay request's `order.orderDescription` that
 * force one outcome for that payment and the later calls on it. Documented in docs/sandbox.md.
 */
export const ALIPAYPLUS_MAGIC = {
  decline: {
    marker: '[decline]',
    effect:
      "The wallet refuses: the customer's last step (password, PIN or confirmation) ends the payment in F USER_BALANCE_NOT_ENOUGH (notifyPayment says so); an auto debit pay answers F USER_BALANCE_NOT_ENOUGH.",
  },
  unknown: {
    marker: '[unknown]',
    effect:
      'refund and auto debit pay do their work but answer U UNKNOWN_EXCEPTION (ask inquiryPayment, or retry with the same request id).',
  },
  slow: {
    marker: '[slow]',
    effect: 'refund, cancelPayment and auto debit pay answer after slowMs (default 10 s), once the work is done.',
  },
  lost: {
    marker: '[lost]',
    effect: 'refund, cancelPayment and auto debit pay do their work, then close the connection without an answer.',
  },
  badsig: {
    marker: '[badsig]',
    effect: 'Every answer about this payment (pay, inquiryPayment, refund, cancelPayment) carries a signature that does not verify.',
  },
} as const;

export type ApsMagicName = keyof typeof ALIPAYPLUS_MAGIC;

export function hasApsMagic(description: string | null | undefined, name: ApsMagicName): boolean {
  return description != null && description.toLowerCase().includes(ALIPAYPLUS_MAGIC[name].marker);
}
