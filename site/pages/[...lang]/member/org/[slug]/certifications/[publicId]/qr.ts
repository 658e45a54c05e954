import type { APIRoute } from 'astro';
import { perform } from '../../../../../../../../api/admin/perform.ts';
import { memberCertificationOp } from '../../../../../../../../api/member/certification-ops.ts';
import { cacheControl } from '../../../../../../../../api/http/cache-policy.ts';
import { embedSnippets } from '../../../../../../../../badges/serve/embed-snippet.ts';
import { verifyQrPng, verifyQrSvg } from '../../../../../../../../badges/serve/verify-qr.ts';
import { memberActionContext } from '../../../../../../../lib/member/context.ts';

/**
 * The QR code of a certification's verify page, for print: `?format=svg` (default) or `png`, as
 * a download. Only the organisation's members reach it (another organisation's: 404).
 */
export const GET: APIRoute = async (astro) => {
  const organisation = astro.params.slug ?? '';
  const publicId = astro.params.publicId ?? '';
  await perform(memberActionContext(astro), memberCertificationOp, { organisation, publicId });
  const { verifyUrl } = embedSnippets({
    publicUrl: astro.locals.deps.config.publicUrl,
    publicId,
    alt: '',
    lang: 'nl',
  });
  const png = astro.url.searchParams.get('format') === 'png';
  const body = png ? new Uint8Array(await verifyQrPng(verifyUrl)) : await verifyQrSvg(verifyUrl);
  return new Response(body, {
    headers: {
      'content-type': png ? 'image/png' : 'image/svg+xml; charset=utf-8',
      'content-disposition': `inline; filename="keurmerk-${publicId}-qr.${png ? 'png' : 'svg'}"`,
      'cache-control': cacheControl('no-store', 0),
      'x-content-type-options': 'nosniff',
    },
  });
};
