import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import { insertStaffUser, normaliseEmail, type StaffSummary } from '../../db/staff/users.ts';
import { KeurmerkError } from '../../db/errors.ts';
import { hashPassword } from './password.ts';
import { describePasswordProblem, passwordProblem } from './password-policy.ts';
import type { Role } from '../admin/policy.ts';

/** A password that fails the policy: 400 with a stable code per problem. */
export class WeakPasswordError extends KeurmerkError {
  constructor(problem: NonNullable<ReturnType<typeof passwordProblem>>) {
    super('weak_password', describePasswordProblem(problem), { field: 'password', problem });
    this.name = 'WeakPasswordError';
  }
}

/** Checks a new password against the policy and hashes it; the password goes nowhere else. */
export async function newPasswordHash(password: unknown, email: string): Promise<string> {
  const text = typeof password === 'string' ? password : '';
  const problem = passwordProblem(text, email);
  if (problem) throw new WeakPasswordError(problem);
  return hashPassword(text);
}

export interface NewStaffAccount {
  email: string;
  displayName: string;
  role: Role;
  passwordHash: string;
}

/**
 * Checks the address and the password policy and hashes the password: the slow part of creating
 * an account, which needs no database (so it need not hold a transaction open).
 */
export async function prepareStaffAccount(input: {
  email: unknown;
  displayName: string;
  role: Role;
  password: unknown;
}): Promise<NewStaffAccount> {
  const email = normaliseEmail(input.email);
  const passwordHash = await newPasswordHash(input.password, email);
  return { email, displayName: input.displayName, role: input.role, passwordHash };
}

/** Creates a staff account after checking the address and the password policy. */
export async function createStaffAccount(
  db: Kysely<Database>,
  input: { email: unknown; displayName: string; role: Role; password: unknown },
  now: Date,
): Promise<StaffSummary> {
  return insertStaffUser(db, { ...(await prepareStaffAccount(input)), now });
}
