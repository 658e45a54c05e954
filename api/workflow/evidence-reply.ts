import type { CaseEvidence } from '../../db/schema/certification-case.table.ts';
import { cacheControl } from '../http/cache-policy.ts';
import { attachmentDisposition } from '../../db/workflow/evidence-type.ts';

/**
 * The answer carrying an evidence file, for staff and the organisation's members alike: always an
 * attachment, the type the registry sniffed (never the uploader's), no sniffing by the browser,
 * never cached by anyone, and a CSP that sandboxes it should a browser show it anyway.
 */
export function evidenceResponse(file: CaseEvidence): Response {
  const bytes = file.content;
  return new Response(new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength), {
    status: 200,
    headers: {
      'content-type': file.media_type,
      'content-length': String(bytes.byteLength),
      'content-disposition': attachmentDisposition(file.file_name),
      'x-content-type-options': 'nosniff',
      'cache-control': cacheControl('private-file'),
      'content-security-policy': "default-src 'none'; sandbox",
      'cross-origin-resource-policy': 'same-origin',
      'x-frame-options': 'DENY',
      digest: `sha-256=${Buffer.from(file.sha256, 'hex').toString('base64')}`,
    },
  });
}
