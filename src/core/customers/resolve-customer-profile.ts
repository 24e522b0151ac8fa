/**
 * The customer profile a payment belongs to (Checkout.com `customer`): the one named by id, else the
 * merchant's profile with that e-mail, else a new one. Runs inside the payment's own transaction,
 * after validation, so a refused request leaves no profile behind.
 */
import type { Repos } from '../ports/store.js';
import { CoreError } from '../errors.js';
import type { CustomerProfile } from '../model.js';

export interface CustomerProfileRequest {
  /** An existing profile of this merchant. */
  id?: number | null;
  email?: string | null;
  name?: string | null;
  phone?: string | null;
}

export async function resolveCustomerProfile(tx: Repos, merchantId: string, req: CustomerProfileRequest): Promise<CustomerProfile> {
  if (req.id != null) {
    const found = await tx.customerProfiles.get(merchantId, req.id);
    if (!found) throw new CoreError('not_found', 'The customer named by customer.id was not found.', { field: 'customer.id' });
    return found;
  }
  const email = req.email ?? null;
  if (email !== null) {
    const existing = await tx.customerProfiles.findByEmail(merchantId, email);
    if (existing) return existing;
  }
  const inserted = await tx.customerProfiles.insert({ merchantId, email, name: req.name ?? null, phone: req.phone ?? null });
  if (inserted) return inserted;
  // Another request created the profile for this e-mail meanwhile: use theirs.
  const theirs = email !== null ? await tx.customerProfiles.findByEmail(merchantId, email) : undefined;
  if (!theirs) throw new CoreError('internal', 'A customer profile could not be created or found.');
  return theirs;
}

/** The customer details a payment keeps: what the request said, completed from the profile. */
export function customerFromProfile(profile: CustomerProfile, req: CustomerProfileRequest) {
  return {
    email: req.email ?? profile.email,
    name: req.name ?? profile.name,
    phone: req.phone ?? profile.phone,
  };
}
