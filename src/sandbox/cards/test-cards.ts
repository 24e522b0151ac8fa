/**
 * The card processor sandbox's rules for a card: its brand from the number, the Luhn check, and the
 * documented test cards that decline or lose their answer (docs/sandbox.md, "Card processor").
 * Every other valid card with a future expiry is approved.
 */

export type CardBrand = 'Visa' | 'Mastercard' | 'American Express';

/** A test card's fixed outcome; a number not listed here is approved. */
export interface MagicOutcome {
  /**
   * declined: the payment is refused with `code`. lost: it is captured (and later refunds are made)
   * but each answer is a 500; slow: likewise, each answer comes only after the sandbox's slow delay.
   */
  kind: 'declined' | 'lost' | 'slow';
  code: string;
  message: string;
}

export const MAGIC_CARDS: Readonly<Record<string, MagicOutcome>> = {
  '4000000000000002': { kind: 'declined', code: 'do_not_honour', message: 'The card was declined by its bank (do not honour).' },
  '4000000000009995': { kind: 'declined', code: 'insufficient_funds', message: 'The card has insufficient funds.' },
  '4000000000000069': { kind: 'declined', code: 'expired_card', message: 'The card has expired.' },
  '4000000000000119': {
    kind: 'lost',
    code: 'processing_error',
    message: 'The processor failed while answering; the payment may have gone through.',
  },
  '4000000000000259': { kind: 'slow', code: 'slow', message: 'The processor answers after its slow delay.' },
};

/** The Luhn (mod 10) check every card number passes. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The brand a number belongs to, or null for one the processor does not take. */
export function brandOf(digits: string): CardBrand | null {
  if (/^4\d{15}$/.test(digits)) return 'Visa';
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  if (digits.length === 16 && ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720))) return 'Mastercard';
  if (/^3[47]\d{13}$/.test(digits)) return 'American Express';
  return null;
}

/** The CVC length the brand prints on its cards. */
export function cvcLength(brand: CardBrand): number {
  return brand === 'American Express' ? 4 : 3;
}
