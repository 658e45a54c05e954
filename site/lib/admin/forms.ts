import { readBody } from '../../../api/http/body.ts';
import { KeurmerkError } from '../../../db/errors.ts';

const FORM_LIMIT = 64 * 1024;
/** Uploads are read into memory (a browser form is multipart); the API and CLI stream without limit. */
export const UPLOAD_LIMIT = 32 * 1024 * 1024;

/** A urlencoded form as an object of strings (the first value of each field), within a size limit. */
export async function readForm(request: Request): Promise<Record<string, string>> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded'))
    throw new KeurmerkError('unsupported_media_type', 'Send the form as application/x-www-form-urlencoded.');
  const params = new URLSearchParams(new TextDecoder().decode(await readBody(request, FORM_LIMIT)));
  const form: Record<string, string> = {};
  for (const [key, value] of params) if (!(key in form)) form[key] = value;
  return form;
}

/** A multipart form with one file, within UPLOAD_LIMIT; the file comes back as text. */
export async function readUpload(
  request: Request,
  field: string,
): Promise<{ fields: Record<string, string>; file: { name: string; text: string } | null }> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('multipart/form-data'))
    throw new KeurmerkError('unsupported_media_type', 'Send the file with a multipart form.');
  const body = await readBody(request, UPLOAD_LIMIT);
  // readBody returns a fresh array over its own buffer, so the buffer is exactly the body.
  const form = await new Response(body.buffer as ArrayBuffer, { headers: { 'content-type': type } })
    .formData()
    .catch(() => {
      throw new KeurmerkError('invalid_form', 'The form could not be read.');
    });
  const fields: Record<string, string> = {};
  let file: { name: string; text: string } | null = null;
  for (const [key, value] of form) {
    if (typeof value === 'string') fields[key] ??= value;
    else if (key === field && value.size > 0)
      file = { name: value.name.slice(0, 200), text: await value.text() };
  }
  return { fields, file };
}

/** Assessment fields `result.<code>` and `note.<code>` as the operations' `assessments` list. */
export function assessmentsFrom(
  form: Record<string, string>,
): Array<{ criterion: string; result: string; note: string }> {
  return Object.keys(form)
    .filter((k) => k.startsWith('result.') && form[k])
    .map((k) => {
      const code = k.slice('result.'.length);
      return { criterion: code, result: form[k]!, note: form[`note.${code}`] ?? '' };
    });
}
