/** A merchant's collection account: where payers send the money (configured, ./settings.ts). */
export interface CollectionAccount {
  bankName: string;
  accountHolder: string;
  iban: string;
  bic: string;
  accountNumber: string;
  currency: string;
}
