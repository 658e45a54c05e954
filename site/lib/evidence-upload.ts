import { readBody } from '../../api/http/body.ts';
import { KeurmerkError } from '../../db/errors.ts';
import { EVIDENCE_FILE_LIMIT } from '../../db/workflow/evidence-type.ts';

// Room for the multipart envelope and the few text fields beside the one file.
const ENVELOPE = 64 * 1024;

export interface EvidenceUpload {
  fields: Record<string, string>;
  file: { name: string; bytes: Uint8Array } | null;
}

/**
 * An evidence upload form (multipart, one file). The body is read with a hard limit while it
 * streams (`readBody` stops at 10 MB plus the envelope and drains the rest), and only then parsed
 * by the Web `formData()`, which cannot be bounded itself; so no upload holds more than that in
 * memory. A body over the limit is refused as `evidence_too_large`.
 */
export async function readEvidenceUpload(request: Request): Promise<EvidenceUpload> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('multipart/form-data'))
    throw new KeurmerkError('unsupported_media_type', 'Send the file with a multipart form.');
  let body: Uint8Array;
  try {
    body = await readBody(request, EVIDENCE_FILE_LIMIT + ENVELOPE);
  } catch (error) {
    if (error instanceof KeurmerkError && error.code === 'payload_too_large')
      throw new KeurmerkError('evidence_too_large');
    throw error;
  }
  const form = await new Response(body.buffer as ArrayBuffer, { headers: { 'content-type': type } })
    .formData()
    .catch(() => {
      throw new KeurmerkError('invalid_form', 'The form could not be read.');
    });
  const fields: Record<string, string> = {};
  let file: EvidenceUpload['file'] = null;
  for (const [key, value] of form) {
    if (typeof value === 'string') fields[key] ??= value;
    else if (key === 'file' && file === null && value.size > 0)
      file = { name: value.name.slice(0, 400), bytes: new Uint8Array(await value.arrayBuffer()) };
  }
  return { fields, file };
}
