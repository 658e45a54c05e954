import type { APIRoute } from 'astro';
import { perform } from '../../../../../../../../../api/admin/perform.ts';
import { memberDownloadEvidenceOp } from '../../../../../../../../../api/workflow/evidence-ops.ts';
import { evidenceResponse } from '../../../../../../../../../api/workflow/evidence-reply.ts';
import { memberActionContext } from '../../../../../../../../lib/member/context.ts';
import { pageLang } from '../../../../../../../../lib/page-lang.ts';

/**
 * One evidence file for the organisation's members: always an attachment (see evidence-reply.ts).
 * Another organisation's file, or one of another case, is a 404 from `perform`.
 */
export const GET: APIRoute = async (astro) => {
  if (!pageLang(astro.params['lang'])) return new Response(null, { status: 404 });
  const file = await perform(memberActionContext(astro), memberDownloadEvidenceOp, {
    organisation: astro.params['slug'] ?? '',
    case: astro.params['id'] ?? '',
    evidence: astro.params['evidence'] ?? '',
  });
  return evidenceResponse(file);
};
