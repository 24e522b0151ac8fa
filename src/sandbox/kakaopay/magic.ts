/**
 * Magic values: markers in `item_name` that force one outcome, so a merchant can test every
 * branch without a phone. The table is repeated at the top of plugin.ts.
 */
export interface MagicValue {
  /** the marker to put anywhere in item_name (case-insensitive) */
  marker: string;
  /** what the sandbox does */
  effect: string;
}

export const KAKAOPAY_MAGIC = {
  decline: {
    marker: '[decline]',
    effect:
      'The customer pages succeed, but approve answers HTTP 400 -780 (extras.method_result_code CARD_DECLINED) and the tid becomes FAIL_PAYMENT. subscription answers -782 (extras.method_result_code INSUFFICIENT_BALANCE).',
  },
  fail: {
    marker: '[fail]',
    effect: 'The customer pages fail the authentication after the SMS code: status FAIL_AUTH_PASSWORD, the customer is sent to fail_url.',
  },
  cancel: {
    marker: '[cancel]',
    effect: 'The customer cancels as soon as the wallet page opens: status QUIT_PAYMENT, the customer is sent to cancel_url.',
  },
  abandon: {
    marker: '[abandon]',
    effect: 'The tid expires at once: order shows QUIT_PAYMENT, the pages show "expired", approve answers -723.',
  },
  error: {
    marker: '[error]',
    effect: 'approve, cancel and subscription answer HTTP 500 with -1 and change nothing.',
  },
  lost: {
    marker: '[lost]',
    effect: 'approve, cancel and subscription do their work but answer HTTP 500 with -1 (the answer is lost; ask order).',
  },
  slow: {
    marker: '[slow]',
    effect:
      'approve, cancel and subscription answers are delayed by slowMs (default: the gateway timeout + 5 s), after the work is done; ready and order stay fast.',
  },
} as const satisfies Record<string, MagicValue>;

export type MagicName = keyof typeof KAKAOPAY_MAGIC;

export function hasMagic(itemName: string | null | undefined, name: MagicName): boolean {
  return itemName != null && itemName.toLowerCase().includes(KAKAOPAY_MAGIC[name].marker);
}
