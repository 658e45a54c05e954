import type { APIRoute } from 'astro';
import { perform } from '../../../../api/admin/perform.ts';
import { exportDataOp } from '../../../../api/member/account-ops.ts';
import { cacheControl } from '../../../../api/http/cache-policy.ts';
import { memberActionContext } from '../../../lib/member/context.ts';

/** POST only (the middleware refuses GET): the person's data as a JSON download, recorded. */
export const POST: APIRoute = async (astro) => {
  const data = await perform(memberActionContext(astro), exportDataOp, {});
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': 'attachment; filename="keurmerk-my-data.json"',
      'cache-control': cacheControl('no-store', 0),
    },
  });
};
