import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { CaseEvidence } from '../schema/certification-case.table.ts';
import type { CaseKind, CaseStage, EvidencePurpose } from '../vocabulary.ts';
import { KeurmerkError, NotFoundError, ValidationError } from '../errors.ts';
import { inTransaction } from '../platform/transaction.ts';
import {
  EVIDENCE_CASE_LIMIT,
  EVIDENCE_FILE_LIMIT,
  evidenceFileName,
  sniffEvidence,
} from './evidence-type.ts';

/** Who adds or removes a file: the organisation's members, or the association's staff. */
export type EvidenceSide = 'member' | 'staff';

const MEMBER_PURPOSES: readonly EvidencePurpose[] = ['answer', 'corrective', 'objection'];
const MEMBER_STAGES: readonly CaseStage[] = ['draft', 'changes_requested'];

/** Evidence without its bytes: what lists and pages show. */
export type EvidenceInfo = Omit<CaseEvidence, 'content'>;

const INFO_COLUMNS = [
  'id',
  'case_id',
  'criterion_id',
  'purpose',
  'file_name',
  'media_type',
  'size_bytes',
  'sha256',
  'uploaded_by',
  'uploaded_at',
] as const;

/**
 * May `side` change the files of a case in `stage` for `purpose`? Members only while they may
 * edit the case (draft, changes requested) and never an audit report; an objection's files
 * until staff take it into review (it starts `submitted`: the reasons come first, the files
 * after). Staff only add audit reports, to a case that is still open.
 */
export function mayChangeEvidence(
  side: EvidenceSide,
  stage: CaseStage,
  purpose: EvidencePurpose,
  kind?: CaseKind,
): boolean {
  if (side === 'member' && kind === 'objection') return stage === 'submitted' && purpose === 'objection';
  if (side === 'member') return MEMBER_STAGES.includes(stage) && MEMBER_PURPOSES.includes(purpose);
  return purpose === 'audit_report' && stage !== 'decided' && stage !== 'withdrawn';
}

/** The case row locked for the rest of the transaction: uploads to one case queue here. */
async function lockCase(trx: Kysely<Database>, caseId: number) {
  const row = await trx
    .selectFrom('certification_case')
    .select(['id', 'kind', 'stage', 'scheme_version_id'])
    .where('id', '=', caseId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new NotFoundError('case', String(caseId));
  return row;
}

export interface NewEvidence {
  caseId: number;
  criterionId: number | null;
  purpose: EvidencePurpose;
  fileName: unknown;
  bytes: Uint8Array;
  uploadedBy: string;
  side: EvidenceSide;
}

/**
 * Stores one evidence file. Its type is sniffed from the bytes (PDF, PNG, JPEG; polyglots
 * refused), it is at most 10 MB, and the case's files stay within 50 MB: the total is read under
 * a lock on the case row in the insert's own transaction, so two uploads at once cannot both pass.
 */
export async function addEvidence(db: Kysely<Database>, file: NewEvidence, now: Date): Promise<EvidenceInfo> {
  if (file.bytes.byteLength === 0) throw new KeurmerkError('evidence_empty');
  if (file.bytes.byteLength > EVIDENCE_FILE_LIMIT) throw new KeurmerkError('evidence_too_large');
  const sniff = sniffEvidence(file.bytes);
  if (!sniff.ok)
    throw new KeurmerkError(sniff.reason === 'type' ? 'evidence_type_refused' : 'evidence_polyglot');
  return inTransaction(db, async (trx) => {
    const found = await lockCase(trx, file.caseId);
    if (!mayChangeEvidence(file.side, found.stage, file.purpose, found.kind))
      throw new KeurmerkError('case_not_editable');
    if (file.criterionId !== null) {
      const criterion = await trx
        .selectFrom('criterion')
        .select('id')
        .where('id', '=', file.criterionId)
        .where('scheme_version_id', '=', found.scheme_version_id)
        .executeTakeFirst();
      if (!criterion) throw new ValidationError('criterion', 'Not a criterion of this case.');
    }
    const used = await trx
      .selectFrom('case_evidence')
      .select(sql<string>`coalesce(sum(size_bytes), 0)`.as('total'))
      .where('case_id', '=', file.caseId)
      .executeTakeFirstOrThrow();
    if (Number(used.total) + file.bytes.byteLength > EVIDENCE_CASE_LIMIT)
      throw new KeurmerkError('evidence_case_full');
    await trx
      .updateTable('certification_case')
      .set({ updated_at: now })
      .where('id', '=', file.caseId)
      .execute();
    return trx
      .insertInto('case_evidence')
      .values({
        case_id: file.caseId,
        criterion_id: file.criterionId,
        purpose: file.purpose,
        file_name: evidenceFileName(file.fileName, sniff.mediaType),
        media_type: sniff.mediaType,
        size_bytes: file.bytes.byteLength,
        sha256: createHash('sha256').update(file.bytes).digest('hex'),
        content: file.bytes,
        uploaded_by: file.uploadedBy,
        uploaded_at: now,
      })
      .returning(INFO_COLUMNS)
      .executeTakeFirstOrThrow();
  });
}

/** The files of a case, oldest first, without their bytes. */
export async function listEvidence(db: Kysely<Database>, caseId: number): Promise<EvidenceInfo[]> {
  return db
    .selectFrom('case_evidence')
    .select(INFO_COLUMNS)
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
}

/** One file of a case with its bytes, or undefined (another case's file is not found either). */
export async function readEvidence(
  db: Kysely<Database>,
  caseId: number,
  evidenceId: number,
): Promise<CaseEvidence | undefined> {
  return db
    .selectFrom('case_evidence')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('id', '=', evidenceId)
    .executeTakeFirst();
}

/** Removes one file while `side` may still change the case's files for its purpose. */
export async function removeEvidence(
  db: Kysely<Database>,
  caseId: number,
  evidenceId: number,
  side: EvidenceSide,
  now: Date,
): Promise<EvidenceInfo> {
  return inTransaction(db, async (trx) => {
    const found = await lockCase(trx, caseId);
    const file = await trx
      .selectFrom('case_evidence')
      .select(INFO_COLUMNS)
      .where('case_id', '=', caseId)
      .where('id', '=', evidenceId)
      .executeTakeFirst();
    if (!file) throw new NotFoundError('evidence', String(evidenceId));
    if (!mayChangeEvidence(side, found.stage, file.purpose, found.kind))
      throw new KeurmerkError('case_not_editable');
    await trx.deleteFrom('case_evidence').where('id', '=', evidenceId).execute();
    await trx.updateTable('certification_case').set({ updated_at: now }).where('id', '=', caseId).execute();
    return file;
  });
}
