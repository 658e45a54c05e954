import { CATALOGUE, errorMessage, type ErrorCode, type ErrorLang } from './errors/catalogue.ts';

export {
  CATALOGUE,
  ERROR_CODES,
  ERROR_LANGS,
  catalogueEntry,
  errorMessage,
  isErrorCode,
  problemType,
  type CatalogueEntry,
  type ErrorCode,
  type ErrorLang,
} from './errors/catalogue.ts';

/**
 * The one error type of the domain. `code` is a catalogue code (tests and API clients match on
 * it) and fixes the HTTP `status`; `message` is the English detail for the API and the log,
 * defaulting to the catalogue's message; `publicMessage(lang)` is what a person is shown.
 */
export class KeurmerkError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Readonly<Record<string, unknown>>;
  constructor(code: ErrorCode, message?: string, details: Record<string, unknown> = {}) {
    super(message ?? errorMessage(code, 'en', details));
    this.name = 'KeurmerkError';
    this.code = code;
    this.status = CATALOGUE[code].status;
    this.details = Object.freeze({ ...details });
  }

  /** The catalogue's message for this error in `lang`, filled from its details. */
  publicMessage(lang: ErrorLang): string {
    return errorMessage(this.code, lang, this.details);
  }
}

/** A requested lifecycle change the current state does not allow. */
export class IllegalTransitionError extends KeurmerkError {
  constructor(action: string, from: string) {
    super('illegal_transition', `Cannot ${action} a certification that is ${from}.`, { action, from });
    this.name = 'IllegalTransitionError';
  }
}

/** Input that fails a rule; `field` names the input, `message` says what is wrong (English). */
export class ValidationError extends KeurmerkError {
  constructor(field: string, message: string) {
    super('validation_failed', message, { field });
    this.name = 'ValidationError';
  }
}

/** Something asked for by id that the registry does not hold. */
export class NotFoundError extends KeurmerkError {
  constructor(what: string, id: string) {
    super('not_found', `No ${what} with id "${id}" in the registry.`, { what, id });
    this.name = 'NotFoundError';
  }
}

/** The database is unusable for this process: busy data directory, newer schema, unreachable. */
export class DatabaseUnavailableError extends KeurmerkError {
  constructor(
    code:
      | 'database_unreachable'
      | 'database_unreadable'
      | 'data_dir_busy'
      | 'migration_failed'
      | 'schema_too_new',
    message: string,
  ) {
    super(code, message);
    this.name = 'DatabaseUnavailableError';
  }
}
