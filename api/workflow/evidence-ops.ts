import type { Kysely } from 'kysely';
import type { Input, Operation, RunContext } from '../admin/perform.ts';
import { actorName } from '../admin/principal.ts';
import { memberOf } from '../member/account-ops.ts';
import type { Database } from '../../db/schema/database.ts';
import type { LocalisedText } from '../../db/schema/common.ts';
import type { CaseEvidence } from '../../db/schema/certification-case.table.ts';
import { NotFoundError, ValidationError } from '../../db/errors.ts';
import { EVIDENCE_PURPOSES, type EvidencePurpose } from '../../db/vocabulary.ts';
import {
  addEvidence,
  listEvidence,
  readEvidence,
  removeEvidence,
  type EvidenceInfo,
  type EvidenceSide,
} from '../../db/workflow/evidence.ts';

/** A case id, evidence id or criterion id from a path or a form. */
function idOf(input: Input, field: string): number {
  const id = Number(input[field]);
  if (!Number.isSafeInteger(id) || id < 1)
    throw new NotFoundError(field, String(input[field] ?? '').slice(0, 40));
  return id;
}

export interface CaseSummary {
  id: number;
  kind: string;
  stage: string;
  schemeVersionId: number;
  organisationSlug: string;
  criteria: Array<{ id: number; code: string; title: LocalisedText }>;
}

/**
 * The case an action names. A member's case must belong to the organisation the action names
 * (which `perform` has checked is theirs): another organisation's case is not found, as is any
 * case that does not exist, so a member learns nothing by trying ids.
 */
async function caseFor(ctx: RunContext, input: Input): Promise<CaseSummary> {
  const db = ctx.deps.database.db;
  const caseId = idOf(input, 'case');
  let query = db
    .selectFrom('certification_case as k')
    .innerJoin('certification as c', 'c.id', 'k.certification_id')
    .innerJoin('organisation as o', 'o.id', 'c.organisation_id')
    .select(['k.id', 'k.kind', 'k.stage', 'k.scheme_version_id', 'o.slug', 'o.id as organisation_id'])
    .where('k.id', '=', caseId);
  if (ctx.principal.kind === 'member') {
    const membership = memberOf(ctx).memberships.find((m) => m.slug === input['organisation']);
    if (!membership) throw new NotFoundError('case', String(caseId));
    query = query.where('o.id', '=', membership.organisationId);
  }
  const row = await query.executeTakeFirst();
  if (!row) throw new NotFoundError('case', String(caseId));
  const criteria = await db
    .selectFrom('criterion')
    .select(['id', 'code', 'title'])
    .where('scheme_version_id', '=', row.scheme_version_id)
    .orderBy('position')
    .execute();
  return {
    id: row.id,
    kind: row.kind,
    stage: row.stage,
    schemeVersionId: row.scheme_version_id,
    organisationSlug: row.slug,
    criteria: criteria.map((c) => ({ id: c.id, code: c.code, title: c.title })),
  };
}

function purposeOf(input: Input, fallback: EvidencePurpose): EvidencePurpose {
  const value = input['purpose'] ?? fallback;
  if (typeof value === 'string' && (EVIDENCE_PURPOSES as readonly string[]).includes(value))
    return value as EvidencePurpose;
  throw new ValidationError('purpose', 'Choose what the file is for.');
}

function criterionOf(input: Input): number | null {
  const value = input['criterion'];
  if (value === undefined || value === null || value === '') return null;
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id < 1)
    throw new ValidationError('criterion', 'Not a criterion of this case.');
  return id;
}

function bytesOf(input: Input): Uint8Array {
  const file = input['file'];
  return file instanceof Uint8Array ? file : new Uint8Array(0);
}

/** Public facts of a file for lists and API answers: never its bytes. */
export function evidenceJson(e: EvidenceInfo) {
  return {
    id: e.id,
    criterionId: e.criterion_id,
    purpose: e.purpose,
    fileName: e.file_name,
    mediaType: e.media_type,
    sizeBytes: e.size_bytes,
    sha256: e.sha256,
    uploadedBy: e.uploaded_by,
    uploadedAt: new Date(e.uploaded_at).toISOString(),
  };
}
export type EvidenceJson = ReturnType<typeof evidenceJson>;

function listOp(name: string, permission: 'organisation.view' | 'admin.read') {
  const op: Operation<{ case: CaseSummary; files: EvidenceJson[] }> = {
    name,
    permission,
    write: false,
    target: (input) => `case:${String(input['case'] ?? '').slice(0, 40)}`,
    async run(ctx, input) {
      const found = await caseFor(ctx, input);
      return { case: found, files: (await listEvidence(ctx.deps.database.db, found.id)).map(evidenceJson) };
    },
  };
  return op;
}

function downloadOp(name: string, permission: 'organisation.view' | 'admin.read') {
  const op: Operation<CaseEvidence> = {
    name,
    permission,
    write: false,
    target: (input) =>
      `case:${String(input['case'] ?? '').slice(0, 40)}/evidence:${String(input['evidence'] ?? '').slice(0, 40)}`,
    async run(ctx, input) {
      const found = await caseFor(ctx, input);
      const file = await readEvidence(ctx.deps.database.db, found.id, idOf(input, 'evidence'));
      if (!file) throw new NotFoundError('evidence', String(input['evidence']));
      return file;
    },
  };
  return op;
}

function uploadOp(name: string, permission: 'organisation.view' | 'lifecycle', side: EvidenceSide) {
  const op: Operation<EvidenceJson> = {
    name,
    permission,
    write: true,
    target: (input) => `case:${String(input['case'] ?? '').slice(0, 40)}`,
    // The name as stored and the hash: enough to find the file again, never its contents.
    detail: (_input, result) =>
      result ? { evidence: result.id, sha256: result.sha256, bytes: result.sizeBytes } : {},
    async run(ctx, input) {
      const found = await caseFor(ctx, input);
      const stored = await addEvidence(
        ctx.deps.database.db as Kysely<Database>,
        {
          caseId: found.id,
          criterionId: criterionOf(input),
          purpose: purposeOf(input, side === 'member' ? 'answer' : 'audit_report'),
          fileName: input['fileName'],
          bytes: bytesOf(input),
          uploadedBy: actorName(ctx.principal),
          side,
        },
        ctx.deps.now(),
      );
      return evidenceJson(stored);
    },
  };
  return op;
}

function deleteOp(name: string, permission: 'organisation.view' | 'lifecycle', side: EvidenceSide) {
  const op: Operation<EvidenceJson> = {
    name,
    permission,
    write: true,
    target: (input) => `case:${String(input['case'] ?? '').slice(0, 40)}`,
    detail: (_input, result) => (result ? { evidence: result.id, sha256: result.sha256 } : {}),
    async run(ctx, input) {
      const found = await caseFor(ctx, input);
      return evidenceJson(
        await removeEvidence(ctx.deps.database.db, found.id, idOf(input, 'evidence'), side, ctx.deps.now()),
      );
    },
  };
  return op;
}

// Members: any member of the organisation (owner or editor) works on its cases.
export const memberListEvidenceOp = listOp('member.evidence.list', 'organisation.view');
export const memberDownloadEvidenceOp = downloadOp('member.evidence.download', 'organisation.view');
export const memberUploadEvidenceOp = uploadOp('member.evidence.upload', 'organisation.view', 'member');
export const memberDeleteEvidenceOp = deleteOp('member.evidence.delete', 'organisation.view', 'member');

// Staff: every reader may see and download; assessors and admins add audit reports.
export const adminListEvidenceOp = listOp('case.evidence.list', 'admin.read');
export const adminDownloadEvidenceOp = downloadOp('case.evidence.download', 'admin.read');
export const adminUploadEvidenceOp = uploadOp('case.evidence.upload', 'lifecycle', 'staff');
