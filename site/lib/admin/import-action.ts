import type { AstroGlobal } from 'astro';
import { importOp, type ImportSummary } from '../../../api/handlers/admin-import.ts';
import type { RowError } from '../../../db/import/columns.ts';
import { act, type Outcome } from './context.ts';
import { readUpload } from './forms.ts';

/**
 * The CSV upload form: imports the file (or only checks it, with `dryRun`). A refused import
 * comes back with its row errors apart, so the page can list them line by line.
 */
export async function importAction(
  astro: AstroGlobal,
): Promise<{ outcome: Outcome<ImportSummary>; errors: RowError[] }> {
  const { fields, file } = await readUpload(astro.request, 'file');
  const outcome = await act(astro, importOp, {
    csv: file?.text ?? null,
    fileName: file?.name ?? null,
    dryRun: fields['dryRun'] === 'true' ? 'true' : 'false',
  });
  const errors = outcome.ok ? [] : ((outcome.details['errors'] as RowError[] | undefined) ?? []);
  return { outcome, errors };
}
