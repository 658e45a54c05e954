import type { APIRoute } from 'astro';
import { perform } from '../../../../../../api/admin/perform.ts';
import { adminDownloadEvidenceOp } from '../../../../../../api/workflow/evidence-ops.ts';
import { evidenceResponse } from '../../../../../../api/workflow/evidence-reply.ts';
import { clientAddress } from '../../../../../lib/client-address.ts';

/** One evidence file for staff (the middleware checked `admin.read`): always an attachment. */
export const GET: APIRoute = async (astro) => {
  const staff = astro.locals.staff;
  if (!staff) return new Response(null, { status: 401 });
  const file = await perform(
    {
      deps: astro.locals.deps,
      principal: staff,
      via: 'ui',
      clientAddress: clientAddress(astro),
      requestId: astro.locals.requestId,
    },
    adminDownloadEvidenceOp,
    { case: astro.params['id'] ?? '', evidence: astro.params['evidence'] ?? '' },
  );
  return evidenceResponse(file);
};
