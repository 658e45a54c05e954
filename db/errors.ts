/**
 * The one error type of the domain. `code` is stable (tests and API clients match on it), `status`
 * is the HTTP status it maps to, and the message is safe to show to the public.
 */
export class KeurmerkError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Readonly<Record<string, unknown>>;
  constructor(code: string, status: number, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'KeurmerkError';
    this.code = code;
    this.status = status;
    this.details = Object.freeze({ ...details });
  }
}

/** A requested lifecycle change the current state does not allow. */
export class IllegalTransitionError extends KeurmerkError {
  constructor(action: string, from: string) {
    super('illegal_transition', 409, `Cannot ${action} a certification that is ${from}.`, { action, from });
    this.name = 'IllegalTransitionError';
  }
}

export class ValidationError extends KeurmerkError {
  constructor(field: string, message: string) {
    super('validation_failed', 400, message, { field });
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends KeurmerkError {
  constructor(what: string, id: string) {
    super('not_found', 404, `No ${what} with id "${id}" in the registry.`, { what, id });
    this.name = 'NotFoundError';
  }
}

/** The database is unusable for this process: busy data directory, newer schema, unreachable. */
export class DatabaseUnavailableError extends KeurmerkError {
  constructor(code: string, message: string) {
    super(code, 503, message);
    this.name = 'DatabaseUnavailableError';
  }
}
