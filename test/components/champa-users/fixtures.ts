// What the admin page tests (staff accounts, organisations, my account) stand on, in the browser
// against the real server: unique names, throw-away accounts created through the API as the
// seeded admin, and filling a form inside a shadow root the way a person would. Every sign-in
// here succeeds: the server allows 20 failed sign-ins per 15 minutes from one address, and all
// component tests share 127.0.0.1. Not a test file.
import { api, signIn, signOut, type StaffRole, type StaffUser } from '../../../components/shared/staff-api.js';
import type { Account } from '../../../components/champa-users/champa-users.js';
import { $ } from '../support.js';
import { signInAs } from '../staff.js';

export const ORG_A = 'test-org-a';
export const ORG_B = 'test-org-b';

export const tag = () => `t${Math.random().toString(36).slice(2, 10)}`;
export const uniqueEmail = (what: string) => `${what}-${tag()}@champa.test`;
export const PASSWORD = 'a first passphrase for tests';

/** A new account made through the API by the seeded admin (who stays signed in). */
export async function newAccount(role: StaffRole, fields: Record<string, unknown> = {}): Promise<Account & { password: string }> {
  await signInAs('admin');
  const password = PASSWORD;
  const account = await api<Account>('/api/users', {
    method: 'POST',
    body: JSON.stringify({ email: uniqueEmail(role), name: `Test ${role} ${tag()}`, role, password, ...(role === 'trainer' ? { organisations: [ORG_A] } : {}), ...fields }),
  });
  return { ...account, password };
}

/** A throw-away account, signed in (the admin's session is replaced by its own). */
export async function signedInThrowaway(role: StaffRole, fields: Record<string, unknown> = {}): Promise<{ user: StaffUser; password: string }> {
  const made = await newAccount(role, fields);
  await signOut();
  return { user: await signIn(made.email, made.password), password: made.password };
}

/** Sets a text input or select in the element's shadow root and tells the element, as typing would. */
export function fill(root: Element, selector: string, value: string): void {
  const input = $<HTMLInputElement | HTMLSelectElement>(root, selector);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

export const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
