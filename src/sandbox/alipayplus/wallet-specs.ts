/**
 * What each wallet of the Alipay+ sandbox asks its customer, step by step, for a cashier payment
 * and for an auto debit authorization, with the test data of the wallets' sandboxes (seed 004:
 * "any 10-digit phone number, e.g. 1234567812", "any 6-digit code, e.g. 123456"…), and how its
 * pages look: colours, page language and the local words on them.
 */

/** A field the customer types: digits only, of an exact length. */
export interface DigitsField {
  name: 'phone' | 'code' | 'pin';
  digits: number;
  /** English label, e.g. "Phone number" */
  label: string;
  /** what the error message calls it, e.g. "phone number" → "Enter a 10-digit phone number" */
  noun: string;
  /** the seed's example value, shown as the placeholder */
  example: string;
  secret: boolean;
}

export type StepKind = 'form' | 'review' | 'agreement';

export interface WalletStep {
  kind: StepKind;
  title: string;
  lead: string;
  fields: readonly DigitsField[];
}

/** Words of the wallet's own language on its pages (the English stays beside them). */
export interface LocalWords {
  title: string;
  phone: string;
  code: string;
  pin: string;
  next: string;
  pay: string;
  agree: string;
  cancel: string;
}

export interface WalletSpec {
  name: string;
  /** `<html lang>` */
  lang: string;
  /** the language of the local words (may differ from lang when the page is mostly English) */
  localLang: string;
  local: LocalWords | null;
  /** brand colour, text on it, and the primary button's colours */
  color: string;
  ink: string;
  button: string;
  buttonInk: string;
  /** two letters in the logo mark */
  mark: string;
  pay: readonly WalletStep[];
  authorize: readonly WalletStep[];
  /** a confirmation page before the way back to the merchant (AlipayHK, Touch 'n Go) */
  confirmation: boolean;
  /** the first step shows a QR code to scan with the app (Alipay CN) */
  qr: boolean;
}

const phone = (digits: number, example: string): DigitsField => ({
  name: 'phone',
  digits,
  label: 'Phone number',
  noun: 'phone number',
  example,
  secret: false,
});
const sms = (label: string, noun = 'verification code'): DigitsField => ({
  name: 'code',
  digits: 6,
  label,
  noun,
  example: '123456',
  secret: false,
});
const pin = (digits: number, label: string, noun: string): DigitsField => ({
  name: 'pin',
  digits,
  label,
  noun,
  example: digits === 4 ? '1234' : '123456',
  secret: true,
});

const step = (kind: StepKind, title: string, lead: string, ...fields: DigitsField[]): WalletStep => ({ kind, title, lead, fields });
const agreement = (wallet: string) =>
  step(
    'agreement',
    'Auto-debit agreement',
    `The merchant will charge your ${wallet} automatically, without asking each time, until you unbind it.`,
  );

const HK_PHONE = step('form', 'Log in to AlipayHK', 'Enter the phone number of your AlipayHK account.', phone(10, '1234567812'));
const HK_CODE = step('form', 'SMS verification', 'We sent a 6-digit verification code to your phone.', sms('Verification code'));
const HK_PASSWORD = step(
  'form',
  'Payment password',
  'Enter your 6-digit payment password.',
  pin(6, 'Payment password', 'payment password'),
);

const DANA_PHONE = step('form', 'Connect your DANA account', 'Enter the phone number of your DANA account.', phone(11, '12345678123'));
const DANA_CODE = step('form', 'Enter the SMS code', 'We sent a verification code to your phone.', sms('Verification code'));
const DANA_PIN = step('form', 'Enter your DANA PIN', 'Your 6-digit DANA PIN.', pin(6, 'PIN', 'PIN'));

const GCASH_PHONE = step('form', 'Log in to GCash', 'Enter your mobile number.', phone(10, '1234567812'));
const GCASH_CODE = step(
  'form',
  'Authentication',
  'Enter the 6-digit authentication code sent to your mobile number.',
  sms('Authentication code', 'authentication code'),
);
const GCASH_PIN = step('form', 'Account login', 'Enter your 4-digit MPIN.', pin(4, 'MPIN', 'PIN'));

const TRUEMONEY_LOGIN = step(
  'form',
  'Log in to TrueMoney Wallet',
  'Enter the phone number of your TrueMoney Wallet and its password.',
  phone(10, '1234567812'),
  pin(4, 'Password', 'password'),
);
const TNG_LOGIN = step(
  'form',
  "Log in to Touch 'n Go eWallet",
  'Enter your phone number and your 6-digit PIN.',
  phone(10, '1234567812'),
  pin(6, 'PIN', 'PIN'),
);
const KAKAO_CONFIRM = step('review', 'Confirm the payment', 'Check the terms of the payment.');
const KAKAO_CODE = step('form', 'Enter the verification code', 'We sent a 6-digit code by SMS to 010-****-5678.', sms('6-digit code'));
const CN_LOGIN = step('form', 'Log in to Alipay', 'Scan with the Alipay app, or log in with your phone number.', phone(11, '13800138000'));
const CN_PASSWORD = step(
  'form',
  'Payment password',
  'Enter your 6-digit payment password.',
  pin(6, 'Payment password', 'payment password'),
);
const review = (title: string) => step('review', title, 'Check the details and confirm.');

export const WALLET_SPECS: Readonly<Record<string, WalletSpec>> = {
  ALIPAY_HK: {
    name: 'AlipayHK',
    lang: 'en',
    localLang: 'zh-HK',
    local: {
      title: '支付寶香港',
      phone: '手機號碼',
      code: '短訊驗證碼',
      pin: '支付密碼',
      next: '下一步',
      pay: '確認付款',
      agree: '同意並開通',
      cancel: '取消',
    },
    color: '#1677ff',
    ink: '#fff',
    button: '#1677ff',
    buttonInk: '#fff',
    mark: 'HK',
    pay: [HK_PHONE, HK_CODE, HK_PASSWORD],
    authorize: [HK_PHONE, HK_CODE, agreement('AlipayHK'), HK_PASSWORD],
    confirmation: true,
    qr: false,
  },
  DANA: {
    name: 'DANA',
    lang: 'id',
    localLang: 'id',
    local: {
      title: 'Bayar dengan DANA',
      phone: 'Nomor HP',
      code: 'Kode verifikasi',
      pin: 'PIN DANA',
      next: 'Lanjutkan',
      pay: 'Bayar',
      agree: 'Setuju & hubungkan',
      cancel: 'Batal',
    },
    color: '#118eea',
    ink: '#fff',
    button: '#118eea',
    buttonInk: '#fff',
    mark: 'D',
    pay: [DANA_PHONE, DANA_CODE, DANA_PIN],
    authorize: [DANA_PHONE, DANA_CODE, DANA_PIN, agreement('DANA')],
    confirmation: false,
    qr: false,
  },
  GCASH: {
    name: 'GCash',
    lang: 'en',
    localLang: 'en',
    local: null,
    color: '#007cff',
    ink: '#fff',
    button: '#007cff',
    buttonInk: '#fff',
    mark: 'G',
    pay: [GCASH_PHONE, GCASH_CODE, GCASH_PIN, review('Review and pay')],
    authorize: [GCASH_PHONE, GCASH_CODE, GCASH_PIN, review('Review and confirm the preapproval')],
    confirmation: false,
    qr: false,
  },
  TRUEMONEY: {
    name: 'TrueMoney',
    lang: 'th',
    localLang: 'th',
    local: {
      title: 'ทรูมันนี่ วอลเล็ท',
      phone: 'หมายเลขโทรศัพท์',
      code: 'รหัส OTP',
      pin: 'รหัสผ่าน',
      next: 'ถัดไป',
      pay: 'ชำระเงิน',
      agree: 'ยอมรับและเชื่อมต่อ',
      cancel: 'ยกเลิก',
    },
    color: '#ff8300',
    ink: '#fff',
    button: '#ff8300',
    buttonInk: '#fff',
    mark: 'TM',
    pay: [TRUEMONEY_LOGIN, review('Confirm the payment')],
    authorize: [TRUEMONEY_LOGIN, agreement('TrueMoney Wallet')],
    confirmation: false,
    qr: false,
  },
  TNG: {
    name: "Touch 'n Go eWallet",
    lang: 'en',
    localLang: 'ms',
    local: {
      title: "Bayar dengan Touch 'n Go eWallet",
      phone: 'Nombor telefon',
      code: 'Kod pengesahan',
      pin: 'PIN',
      next: 'Seterusnya',
      pay: 'Bayar',
      agree: 'Setuju',
      cancel: 'Batal',
    },
    color: '#005abb',
    ink: '#fff',
    button: '#ffd100',
    buttonInk: '#0b2a5b',
    mark: 'TnG',
    pay: [TNG_LOGIN, review('Confirm the payment')],
    authorize: [TNG_LOGIN, agreement("Touch 'n Go eWallet")],
    confirmation: true,
    qr: false,
  },
  ALIPAY_CN: {
    name: 'Alipay',
    lang: 'zh-CN',
    localLang: 'zh-CN',
    local: {
      title: '支付宝',
      phone: '手机号',
      code: '验证码',
      pin: '支付密码',
      next: '下一步',
      pay: '确认付款',
      agree: '同意并授权',
      cancel: '取消',
    },
    color: '#1677ff',
    ink: '#fff',
    button: '#1677ff',
    buttonInk: '#fff',
    mark: 'A',
    pay: [CN_LOGIN, CN_PASSWORD],
    authorize: [CN_LOGIN, agreement('Alipay'), CN_PASSWORD],
    confirmation: false,
    qr: true,
  },
  KAKAOPAY: {
    name: 'KakaoPay',
    lang: 'ko',
    localLang: 'ko',
    local: {
      title: '카카오페이',
      phone: '휴대폰 번호',
      code: '인증번호',
      pin: '비밀번호',
      next: '다음',
      pay: '결제하기',
      agree: '동의하고 등록',
      cancel: '취소',
    },
    color: '#fee500',
    ink: '#191919',
    button: '#fee500',
    buttonInk: '#191919',
    mark: 'K',
    pay: [KAKAO_CONFIRM, KAKAO_CODE],
    authorize: [KAKAO_CONFIRM, KAKAO_CODE, agreement('KakaoPay')],
    confirmation: false,
    qr: false,
  },
};

/** The spec of a wallet the sandbox plays (every key of WALLETS has one). */
export function walletSpec(type: string): WalletSpec {
  return Object.hasOwn(WALLET_SPECS, type) ? WALLET_SPECS[type]! : WALLET_SPECS.ALIPAY_HK!;
}
