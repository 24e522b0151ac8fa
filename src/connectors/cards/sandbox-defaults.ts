/**
 * What the cards connector uses with the sandbox on and nothing configured: walletgate's built-in
 * card processor sandbox (src/sandbox/cards/) and its published API key. Not a secret: never a real key.
 */
export const CARDS_SANDBOX_API_KEY = 'sk_sandbox_walletgate_cards_0000';

/** Where the built-in processor sandbox is mounted under walletgate's public URL. */
export const CARDS_SANDBOX_PATH = '/sandbox/cards';
