/** The keys failed sign-ins are counted under (LoginFailureRepo): the account named, whether it exists or not, and the address. */
export const accountKey = (email: string): string => `account:${email.trim().toLowerCase()}`;
export const addressKey = (ip: string): string => `ip:${ip}`;
/** Wrong TOTP codes of a user, one count wherever a code is asked (the sign-in's code step, switching it off). */
export const codeKey = (userId: number): string => `totp:${userId}`;
