// The staff personas of test/support/credentials.ts as the browser sees them: the component
// tests' API server (api-server.ts) seeds them with these addresses and passwords. Kept apart
// from credentials.ts, which needs node:crypto; the two must agree (same formats).
import { signIn, type StaffUser } from '../../components/shared/staff-api.js';

export type StaffName = 'admin' | 'trainerA' | 'trainerB' | 'viewer';

export const EMAILS: Record<StaffName, string> = {
  admin: 'admin@champa.test',
  trainerA: 'trainer-a@champa.test',
  trainerB: 'trainer-b@champa.test',
  viewer: 'viewer@champa.test',
};

export const passwordOf = (name: StaffName) => `password-for-${name}-0123`;

/** Signs this browser in as a seeded staff user (a real session cookie from the real server). */
export const signInAs = (name: StaffName): Promise<StaffUser> => signIn(EMAILS[name], passwordOf(name));
