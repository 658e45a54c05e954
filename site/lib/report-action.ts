import type { Deps } from '../../api/app/deps.ts';
import { readBody } from '../../api/http/body.ts';
import { clientKey, storeConsumerReport } from '../../db/reports/consumer-reports.ts';
import { KeurmerkError } from '../../db/errors.ts';
import { REPORT_KINDS, type MisuseKind } from '../../db/vocabulary.ts';
import { registrySecret } from '../../db/platform/registry-secret.ts';

/** Narrows the form's `kind` field to a report kind. */
const isReportKind = (kind: string | null): kind is MisuseKind =>
  (REPORT_KINDS as readonly (string | null)[]).includes(kind);

export type ReportOutcome =
  | { state: 'stored' }
  | {
      state: 'refused';
      status: number;
      reason: 'url' | 'message' | 'contactEmail' | 'kind' | 'rate' | 'size';
    };

/** Name of the field people must leave empty; bots fill in every field they see. */
export const HONEYPOT = 'homepage';

/**
 * Handles the report form (POST, urlencoded): honeypot, size limit, validation and rate limit.
 * A filled honeypot pretends success and stores nothing, so a bot learns nothing.
 */
export async function handleReport(
  deps: Deps,
  request: Request,
  organisationId: number,
  clientAddress: string,
): Promise<ReportOutcome> {
  let form: URLSearchParams;
  try {
    form = new URLSearchParams(new TextDecoder().decode(await readBody(request, 16_384)));
  } catch {
    return { state: 'refused', status: 413, reason: 'size' };
  }
  if ((form.get(HONEYPOT) ?? '') !== '') return { state: 'stored' };
  const kind = form.get('kind');
  try {
    if (!isReportKind(kind)) return { state: 'refused', status: 400, reason: 'kind' };
    // A secret shared by every instance (never the public URL): the key must not be reversible.
    const secret = deps.config.registrySecret ?? (await registrySecret(deps.database.db, 'report_key'));
    const key = clientKey(clientAddress, secret);
    await storeConsumerReport(
      deps.database.db,
      organisationId,
      {
        kind,
        url: form.get('url'),
        message: form.get('message'),
        contactEmail: form.get('email'),
      },
      key,
      deps.now(),
    );
    return { state: 'stored' };
  } catch (error) {
    if (error instanceof KeurmerkError && error.code === 'rate_limited')
      return { state: 'refused', status: 429, reason: 'rate' };
    if (error instanceof KeurmerkError && error.code === 'validation_failed') {
      const field = error.details['field'];
      const reason = field === 'url' || field === 'message' || field === 'contactEmail' ? field : 'kind';
      return { state: 'refused', status: 400, reason };
    }
    throw error;
  }
}
