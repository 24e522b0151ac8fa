/**
 * KakaoPay Online Payment API request and response bodies, as sent and received on the wire
 * (snake_case, KST timestamps without an offset). Only the fields walletgate uses are required;
 * the rest are optional because KakaoPay omits them by payment method.
 */
export type KakaoPayStatus =
  | 'READY'
  | 'SEND_TMS'
  | 'OPEN_PAYMENT'
  | 'SELECT_METHOD'
  | 'ARS_WAITING'
  | 'AUTH_PASSWORD'
  | 'ISSUED_SID'
  | 'SUCCESS_PAYMENT'
  | 'PART_CANCEL_PAYMENT'
  | 'CANCEL_PAYMENT'
  | 'FAIL_AUTH_PASSWORD'
  | 'QUIT_PAYMENT'
  | 'FAIL_PAYMENT';

export type PaymentMethodType = 'MONEY' | 'CARD';

export interface WireAmount {
  total: number;
  tax_free: number;
  vat?: number;
  point?: number;
  discount?: number;
  green_deposit?: number;
}

export interface WireCardInfo {
  kakaopay_purchase_corp?: string;
  kakaopay_purchase_corp_code?: string;
  kakaopay_issuer_corp?: string;
  kakaopay_issuer_corp_code?: string;
  bin?: string;
  card_type?: string;
  install_month?: string;
  approved_id?: string;
  card_mid?: string;
  interest_free_install?: string;
  installment_type?: string;
  card_item_code?: string;
}

export interface ReadyRequest {
  cid: string;
  partner_order_id: string;
  partner_user_id: string;
  item_name: string;
  quantity: number;
  total_amount: number;
  tax_free_amount: number;
  approval_url: string;
  cancel_url: string;
  fail_url: string;
}

export interface ReadyResponse {
  tid: string;
  next_redirect_app_url?: string;
  next_redirect_mobile_url: string;
  next_redirect_pc_url: string;
  android_app_scheme?: string;
  ios_app_scheme?: string;
  created_at?: string;
}

export interface ApproveRequest {
  cid: string;
  tid: string;
  partner_order_id: string;
  partner_user_id: string;
  pg_token: string;
  total_amount?: number;
  payload?: string;
}

/** approve and subscription answer with this shape */
export interface ApproveResponse {
  aid: string;
  tid: string;
  cid: string;
  sid?: string;
  partner_order_id: string;
  partner_user_id: string;
  payment_method_type: PaymentMethodType;
  amount: WireAmount;
  card_info?: WireCardInfo;
  item_name?: string;
  item_code?: string | null;
  quantity?: number;
  created_at?: string;
  approved_at: string;
  payload?: string | null;
}

export interface OrderRequest {
  cid: string;
  tid: string;
}

export interface WireActionDetail {
  aid: string;
  approved_at: string | null;
  amount: number;
  point_amount?: number;
  discount_amount?: number;
  green_deposit?: number;
  payment_method_type?: PaymentMethodType;
  payment_action_type: 'PAYMENT' | 'CANCEL' | 'ISSUED_SID';
  payload?: string | null;
}

export interface OrderResponse {
  tid: string;
  cid: string;
  /** only for payments made with the subscription CID */
  sid?: string;
  status: string;
  partner_order_id: string;
  partner_user_id: string;
  payment_method_type?: PaymentMethodType | null;
  amount: WireAmount;
  canceled_amount?: WireAmount;
  cancel_available_amount?: WireAmount;
  item_name?: string;
  created_at?: string;
  approved_at?: string | null;
  canceled_at?: string | null;
  payment_action_details?: WireActionDetail[];
}

export interface CancelRequest {
  cid: string;
  tid: string;
  cancel_amount: number;
  cancel_tax_free_amount: number;
  cancel_available_amount?: number;
  payload?: string;
}

export interface CancelResponse {
  aid: string;
  tid: string;
  cid: string;
  status: string;
  amount: WireAmount;
  approved_cancel_amount: WireAmount;
  canceled_amount: WireAmount;
  cancel_available_amount: WireAmount;
  canceled_at?: string;
  payload?: string | null;
}

export interface SubscriptionRequest {
  cid: string;
  sid: string;
  partner_order_id: string;
  partner_user_id: string;
  item_name: string;
  quantity: number;
  total_amount: number;
  tax_free_amount: number;
}

export interface SidRequest {
  cid: string;
  sid: string;
}

export interface InactiveResponse {
  cid: string;
  sid: string;
  status: string;
  inactivated_at?: string;
}

export interface SubscriptionStatusResponse {
  available: boolean;
  cid: string;
  sid: string;
  status: string;
}

export interface WireError {
  error_code: number;
  error_message?: string;
  extras?: { method_result_code?: string; method_result_message?: string };
}

export const PATHS = {
  ready: '/online/v1/payment/ready',
  approve: '/online/v1/payment/approve',
  order: '/online/v1/payment/order',
  cancel: '/online/v1/payment/cancel',
  subscription: '/online/v1/payment/subscription',
  inactive: '/online/v1/payment/manage/subscription/inactive',
  status: '/online/v1/payment/manage/subscription/status',
} as const;
