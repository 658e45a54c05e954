import type { AstroGlobal } from 'astro';
import {
  memberDeleteEvidenceOp,
  memberListEvidenceOp,
  memberUploadEvidenceOp,
} from '../../../api/workflow/evidence-ops.ts';
import { KeurmerkError } from '../../../db/errors.ts';
import type { Lang } from '../../i18n/ui.ts';
import { readForm } from '../admin/forms.ts';
import { readEvidenceUpload } from '../evidence-upload.ts';
import { memberAct, memberFailure, memberRead, type MemberOutcome } from './context.ts';

export interface EvidenceResult {
  action: 'upload' | 'delete';
  outcome: MemberOutcome<unknown>;
}

/**
 * The evidence page's two forms: upload (multipart) and remove (urlencoded). The organisation
 * and case come from the path, never the form; `perform` hides another organisation's case.
 */
export async function evidenceAction(
  astro: AstroGlobal,
  lang: Lang,
  organisation: string,
  caseId: string,
): Promise<EvidenceResult> {
  const type = astro.request.headers.get('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    let input;
    try {
      const upload = await readEvidenceUpload(astro.request);
      input = {
        organisation,
        case: caseId,
        criterion: upload.fields['criterion'] ?? '',
        purpose: upload.fields['purpose'] ?? 'answer',
        fileName: upload.file?.name ?? '',
        file: upload.file?.bytes ?? new Uint8Array(0),
      };
    } catch (error) {
      if (!(error instanceof KeurmerkError) || error.status >= 500) throw error;
      astro.response.status = error.status;
      return { action: 'upload', outcome: memberFailure(error, lang) };
    }
    return { action: 'upload', outcome: await memberAct(astro, lang, memberUploadEvidenceOp, input) };
  }
  const form = await readForm(astro.request);
  return {
    action: 'delete',
    outcome: await memberAct(astro, lang, memberDeleteEvidenceOp, {
      organisation,
      case: caseId,
      evidence: form['evidence'] ?? '',
    }),
  };
}

/** The case and its files; another organisation's case or an unknown one is a 404. */
export function evidenceList(astro: AstroGlobal, organisation: string, caseId: string) {
  return memberRead(astro, memberListEvidenceOp, { organisation, case: caseId });
}
