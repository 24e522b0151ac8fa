/**
 * Seed 004's wallet examples, pasted as written: for each wallet the preapproval request and the
 * recurring payment request, with the `Authorization` header each was sent with. The answers are in
 * globalpay-seed-004-answers.ts.
 */

/** The two Basic headers of the seed: both SiteID 30201, one key each. */
export const SEED_AUTH_1 = 'Basic MzAyMDE6aEo1Um9iWXg5cjdGZk53Q3ZIWTlMWEhxcXIrRkV6cmM3YUp2UVFrNEdhejFtZzdSeXk=';
export const SEED_AUTH_2 = 'Basic MzAyMDE6KzlLZUd6S0Y3VzhTLzc5YTVSMzNZSlVnN0U3V0ZOY1piakdmekxWM2JYU25GQ095RnQ=';

export interface SeedWalletExample {
  name: string;
  methodId: number;
  currency: string;
  country: string;
  /** the header the seed sends both requests with */
  auth: string;
  /** the SiteID the seed's answers show (30597 for three wallets, though their header says 30201) */
  seedSiteId: number;
  preapproval: string;
  recurrent: string;
}

export const SEED_WALLET_EXAMPLES: readonly SeedWalletExample[] = [
  {
    // seed 004 lines 904–920 and 1069–1081
    name: 'AlipayHK',
    methodId: 1145,
    currency: 'HKD',
    country: 'HK',
    auth: SEED_AUTH_2,
    seedSiteId: 30201,
    preapproval: `{
 "Preapproval": {
   "MerchantPreapprovalID": "s2ptest_alipayhk1",
   "Currency": "HKD",
   "Description": "1 year subscription",
   "ReturnURL": "http://demo.smart2pay.com/redirect.php",
   "MethodID": 1145,
   "Customer": {
      "FirstName": "John",
      "LastName": "Doe",
      "Email": "jdoe@gmail.com"
     },
   "BillingAddress": {
      "Country": "HK"
      }
   }
}`,
    recurrent: `{
  "Payment": {
    "PreapprovalID": 28082,
    "MerchantTransactionID": "s2ptest_alipayhk2",
    "Amount": 100,
    "Currency": "HKD",
    "MethodID": 1145,
    "Description": "Recurring payment",
    "BillingAddress": {
    "Country": "HK"
    } 
  }
}`,
  },
  {
    // seed 004 lines 1213–1229 and 1369–1381
    name: 'Dana',
    methodId: 1136,
    currency: 'IDR',
    country: 'ID',
    auth: SEED_AUTH_1,
    seedSiteId: 30597,
    preapproval: `{
 "Preapproval": {
   "MerchantPreapprovalID": "s2ptest_Dana_Preapproval",
   "Currency": "IDR",
   "Description": "1 year subscription",
   "ReturnURL": "http://demo.smart2pay.com/redirect.php",
   "MethodID": 1136,
   "Customer": {
      "FirstName": "John",
      "LastName": "Doe",
      "Email": "jdoe@gmail.com"
     },
   "BillingAddress": {
      "Country": "ID"
      }
   }
}`,
    recurrent: `{
  "Payment": {
    "PreapprovalID": 22265,
    "MerchantTransactionID": "reccuringPayin-DanaRecurrent",
    "Amount": 100,
    "Currency": "IDR",
    "MethodID": 1136,
    "Description": "recurring payment",
    "BillingAddress": {
      "Country": "ID"
    }
  }
}`,
  },
  {
    // seed 004 lines 1516–1532 and 1673–1685
    name: 'GCash',
    methodId: 1134,
    currency: 'PHP',
    country: 'PH',
    auth: SEED_AUTH_1,
    seedSiteId: 30597,
    preapproval: `{
 "Preapproval": {
   "MerchantPreapprovalID": "s2ptest_h-1test52",
   "Currency": "PHP",
   "Description": "1 year subscription",
   "ReturnURL": "http://demo.smart2pay.com/redirect.php",
   "MethodID": 1134,
   "Customer": {
      "FirstName": "John",
      "LastName": "Doe",
      "Email": "jdoe@gmail.com"
     },
   "BillingAddress": {
      "Country": "PH"
      }
   }
}`,
    recurrent: `{
  "Payment": {
    "PreapprovalID": 22256,
    "MerchantTransactionID": "reccuringPayina-AlipayOSP666",
    "Amount": 100,
    "Currency": "PHP",
    "MethodID": 1134,
    "Description": "recurring payment",
    "BillingAddress": {
    "Country": "PH"
    } 
  }
}`,
  },
  {
    // seed 004 lines 1815–1831 and 1965–1977
    name: 'KakaoPay',
    methodId: 1135,
    currency: 'KRW',
    country: 'KR',
    auth: SEED_AUTH_1,
    seedSiteId: 30597,
    preapproval: `{
 "Preapproval": {
   "MerchantPreapprovalID": "s2ptest_kAKAOPAY_PreapprovalS1",
   "Currency": "KRW",
   "Description": "1 year subscription",
   "ReturnURL": "http://demo.smart2pay.com/redirect.php",
   "MethodID": 1135,
   "Customer": {
      "FirstName": "John",
      "LastName": "Doe",
      "Email": "jdoe@gmail.com"
     },
   "BillingAddress": {
      "Country": "KR"
      }
   }
}`,
    recurrent: `{
  "Payment": {
    "PreapprovalID": 22276,
    "MerchantTransactionID": "reccuringPayin-GCashRecurrent526",
    "Amount": 100,
    "Currency": "KRW",
    "MethodID": 1135,
    "Description": "recurring payment",
    "BillingAddress": {
      "Country": "KR"
    } 
  }
}`,
  },
  {
    // seed 004 lines 2107–2123 and 2263–2275
    name: 'Truemoney',
    methodId: 1143,
    currency: 'THB',
    country: 'TH',
    auth: SEED_AUTH_2,
    seedSiteId: 30201,
    preapproval: `{
 "Preapproval": {
   "MerchantPreapprovalID": "s2ptest_truemoney3",
   "Currency": "THB",
   "Description": "1 year subscription",
   "ReturnURL": "http://demo.smart2pay.com/redirect.php",
   "MethodID": 1143,
   "Customer": {
      "FirstName": "John",
      "LastName": "Doe",
      "Email": "jdoe@gmail.com"
     },
   "BillingAddress": {
      "Country": "TH"
      }
   }
}`,
    recurrent: `{
  "Payment": {
    "PreapprovalID": 28076,
    "MerchantTransactionID": "s2ptest_truemoney1",
    "Amount": 100,
    "Currency": "THB",
    "MethodID": 1143,
    "Description": "recurring payment",
    "BillingAddress": {
    "Country": "TH"
    } 
  }
}`,
  },
  {
    // seed 004 lines 2407–2423 and 2567–2579
    name: 'Touch’n Go eWallet',
    methodId: 1144,
    currency: 'MYR',
    country: 'MY',
    auth: SEED_AUTH_2,
    seedSiteId: 30201,
    preapproval: `{
 "Preapproval": {
   "MerchantPreapprovalID": "s2ptest_tng1",
   "Currency": "MYR",
   "Description": "1 year subscription",
   "ReturnURL": "http://demo.smart2pay.com/redirect.php",
   "MethodID": 1144,
   "Customer": {
      "FirstName": "John",
      "LastName": "Doe",
      "Email": "jdoe@gmail.com"
     },
   "BillingAddress": {
      "Country": "MY"
      }
   }
}`,
    recurrent: `{
  "Payment": {
    "PreapprovalID": 28080,
    "MerchantTransactionID": "s2ptest_tng2",
    "Amount": 100,
    "Currency": "MYR",
    "MethodID": 1144,
    "Description": "Recurring payment",
    "BillingAddress": {
    "Country": "MY"
    } 
  }
}`,
  },
];
