import type { KeurmerkError } from '../../db/errors.ts';

/**
 * The catalogue's message, then the specific detail when it says more (which file, which key):
 * an operator needs both, and the CLIs speak English.
 */
export function cliMessage(error: KeurmerkError): string {
  const message = error.publicMessage('en');
  return error.message === message ? message : `${message} ${error.message}`;
}
