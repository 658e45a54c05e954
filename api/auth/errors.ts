import { KeurmerkError } from '../../db/errors.ts';

/** No or no valid credentials: 401. */
export class AuthenticationError extends KeurmerkError {
  constructor(message = 'Sign in, or send a valid API token as "Authorization: Bearer …".', details = {}) {
    super('unauthenticated', message, details);
    this.name = 'AuthenticationError';
  }
}

/** Signed in, but the role does not allow this: 403. */
export class ForbiddenError extends KeurmerkError {
  constructor(permission: string) {
    super('forbidden', `Your role does not allow this (it needs "${permission}").`, { permission });
    this.name = 'ForbiddenError';
  }
}
