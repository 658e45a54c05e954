import type { AstroGlobal } from 'astro';
import { adminUploadEvidenceOp } from '../../../api/workflow/evidence-ops.ts';
import { KeurmerkError } from '../../../db/errors.ts';
import { readEvidenceUpload } from '../evidence-upload.ts';
import { act, adminLang, failure, type Outcome } from './context.ts';

/** The admin evidence page's form: staff add an audit report to a case (assessors and admins). */
export async function auditReportAction(astro: AstroGlobal, caseId: string): Promise<Outcome<unknown>> {
  let upload;
  try {
    upload = await readEvidenceUpload(astro.request);
  } catch (error) {
    if (!(error instanceof KeurmerkError) || error.status >= 500) throw error;
    astro.response.status = error.status;
    return failure(error, adminLang(astro));
  }
  return act(astro, adminUploadEvidenceOp, {
    case: caseId,
    purpose: 'audit_report',
    criterion: upload.fields['criterion'] ?? '',
    fileName: upload.file?.name ?? '',
    file: upload.file?.bytes ?? new Uint8Array(0),
  });
}
