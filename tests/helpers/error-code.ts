import { KeurmerkError } from '../../db/errors.ts';

/**
 * The catalogue code a promise is rejected with (a KeurmerkError), to assert the code rather than
 * the wording; any other rejection, or none, fails the test.
 */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KeurmerkError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}
