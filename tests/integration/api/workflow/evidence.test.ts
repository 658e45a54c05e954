import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { pendingCertification } from '../../../helpers/fixtures.ts';
import { context, testDeps, tokenPrincipal } from '../../../helpers/admin-integration.ts';
import type { Deps } from '../../../../api/app/deps.ts';
import { perform } from '../../../../api/admin/perform.ts';
import type { MemberPrincipal } from '../../../../api/admin/principal.ts';
import {
  adminDownloadEvidenceOp,
  adminListEvidenceOp,
  adminUploadEvidenceOp,
  memberDeleteEvidenceOp,
  memberDownloadEvidenceOp,
  memberListEvidenceOp,
  memberUploadEvidenceOp,
} from '../../../../api/workflow/evidence-ops.ts';
import { evidenceResponse } from '../../../../api/workflow/evidence-reply.ts';
import { KeurmerkError } from '../../../../db/errors.ts';

// Evidence files through their real doors (perform with member and staff principals) on every
// database of the run: type by content, sizes, the per-case total under concurrency, and scope.

const MB = 1024 * 1024;

/** A PDF of exactly `size` bytes (a header, then padding inside a comment). */
function pdf(size: number, fill = 0x20): Uint8Array {
  const head = Buffer.from('%PDF-1.7\n%');
  const out = Buffer.alloc(size, fill);
  head.copy(out);
  return new Uint8Array(out);
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KeurmerkError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe.each(DIALECTS)('evidence files on %s', (kind) => {
  let h: TestDatabase;
  let deps: Deps;
  const clock = { now: new Date('2026-12-03T10:00:00Z') };
  let caseA = 0;
  let caseB = 0;
  let criterionA = 0;
  let memberA: MemberPrincipal;
  let memberB: MemberPrincipal;

  async function openCase(certificationId: number, versionId: number): Promise<number> {
    const row = await h.db
      .insertInto('certification_case')
      .values({
        certification_id: certificationId,
        kind: 'application',
        stage: 'draft',
        scheme_version_id: versionId,
        opened_by: 'member:test',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  const member = (id: number, slug: string, organisationId: number): MemberPrincipal => ({
    kind: 'member',
    id,
    email: `m${id}@example.test`,
    name: `M${id}`,
    language: 'nl',
    sessionHash: 'x',
    memberships: [{ organisationId, slug, role: 'editor' }],
  });

  const upload = (who: MemberPrincipal, slug: string, caseId: number, bytes: Uint8Array, name = 'x.pdf') =>
    perform(context(deps, who, 'ui'), memberUploadEvidenceOp, {
      organisation: slug,
      case: String(caseId),
      criterion: String(criterionA),
      purpose: 'answer',
      fileName: name,
      file: bytes,
    });

  beforeAll(async () => {
    h = await openTestDatabase(kind);
    deps = await testDeps(h, clock);
    const a = await pendingCertification(h.db);
    const b = await pendingCertification(h.db);
    caseA = await openCase(a.id, a.scheme_version_id);
    caseB = await openCase(b.id, b.scheme_version_id);
    criterionA = (
      await h.db
        .selectFrom('criterion')
        .select('id')
        .where('scheme_version_id', '=', a.scheme_version_id)
        .orderBy('position')
        .executeTakeFirstOrThrow()
    ).id;
    memberA = member(1, a.organisationSlug, a.organisation_id);
    memberB = member(2, b.organisationSlug, b.organisation_id);
  });
  afterAll(async () => {
    await deps?.close();
    await h?.close();
  });

  it('stores a PDF with its SHA-256 and serves it only as an attachment, nosniff, sandboxed', async () => {
    const bytes = pdf(2048);
    const stored = await upload(
      memberA,
      memberA.memberships[0]!.slug,
      caseA,
      bytes,
      '../Jaarverslag "2026".html',
    );
    expect(stored.mediaType).toBe('application/pdf');
    expect(stored.fileName).toBe('Jaarverslag 2026.html.pdf');
    expect(stored.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const file = await perform(context(deps, memberA, 'ui'), memberDownloadEvidenceOp, {
      organisation: memberA.memberships[0]!.slug,
      case: String(caseA),
      evidence: String(stored.id),
    });
    const response = evidenceResponse(file);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="Jaarverslag 2026\.html\.pdf"/,
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    const staff = await perform(context(deps, tokenPrincipal('viewer')), adminDownloadEvidenceOp, {
      case: String(caseA),
      evidence: String(stored.id),
    });
    expect(staff.sha256).toBe(stored.sha256);
  });

  it('refuses a GIF, an HTML page named .pdf, a PDF/HTML polyglot and a file of 10 MB + 1', async () => {
    const slug = memberA.memberships[0]!.slug;
    const before = (
      await perform(context(deps, memberA, 'ui'), memberListEvidenceOp, {
        organisation: slug,
        case: String(caseA),
      })
    ).files.length;
    expect(
      await refusal(upload(memberA, slug, caseA, Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'a.gif')),
    ).toBe('evidence_type_refused');
    expect(
      await refusal(
        upload(memberA, slug, caseA, Buffer.from('<!doctype html><script>alert(1)</script>'), 'a.pdf'),
      ),
    ).toBe('evidence_polyglot');
    expect(
      await refusal(upload(memberA, slug, caseA, Buffer.from('%PDF-1.4\n<html><body onload=x>'), 'b.pdf')),
    ).toBe('evidence_polyglot');
    expect(await refusal(upload(memberA, slug, caseA, pdf(10 * MB + 1)))).toBe('evidence_too_large');
    expect(await refusal(upload(memberA, slug, caseA, new Uint8Array(0)))).toBe('evidence_empty');
    const after = (
      await perform(context(deps, memberA, 'ui'), memberListEvidenceOp, {
        organisation: slug,
        case: String(caseA),
      })
    ).files.length;
    expect(after).toBe(before);
  });

  // PGlite has one connection, so two uploads cannot race there; and it takes about 2 s per MB of
  // bytea parameter on this machine, so 52 MB would take minutes. The race is real on PostgreSQL.
  it.skipIf(kind === 'pglite')('keeps a case within 50 MB even when two uploads race', async () => {
    const slug = memberB.memberships[0]!.slug;
    for (let i = 0; i < 4; i++) await upload(memberB, slug, caseB, pdf(10 * MB, 0x30 + i));
    // 40 MB stored; each of these fits alone, both together do not.
    const results = await Promise.all([
      refusal(upload(memberB, slug, caseB, pdf(6 * MB, 0x41))),
      refusal(upload(memberB, slug, caseB, pdf(6 * MB, 0x42))),
    ]);
    expect(results.sort()).toEqual(['accepted', 'evidence_case_full']);
    const total = await h.db
      .selectFrom('case_evidence')
      .select((eb) => eb.fn.sum<string>('size_bytes').as('n'))
      .where('case_id', '=', caseB)
      .executeTakeFirstOrThrow();
    expect(Number(total.n)).toBe(46 * MB);
  });

  it('another organisation’s member gets 404, by their own slug or the other one', async () => {
    const slugA = memberA.memberships[0]!.slug;
    const slugB = memberB.memberships[0]!.slug;
    expect(
      await refusal(
        perform(context(deps, memberB, 'ui'), memberListEvidenceOp, {
          organisation: slugA,
          case: String(caseA),
        }),
      ),
    ).toBe('not_found');
    expect(
      await refusal(
        perform(context(deps, memberB, 'ui'), memberListEvidenceOp, {
          organisation: slugB,
          case: String(caseA),
        }),
      ),
    ).toBe('not_found');
    const [first] = await h.db
      .selectFrom('case_evidence')
      .select('id')
      .where('case_id', '=', caseA)
      .execute();
    expect(
      await refusal(
        perform(context(deps, memberB, 'ui'), memberDownloadEvidenceOp, {
          organisation: slugB,
          case: String(caseB),
          evidence: String(first!.id),
        }),
      ),
    ).toBe('not_found');
    expect(await refusal(upload(memberB, slugB, caseA, pdf(100)))).toBe('not_found');
  });

  it('members change files only while the case is editable; staff add audit reports, viewers do not', async () => {
    const slug = memberA.memberships[0]!.slug;
    const [first] = await h.db
      .selectFrom('case_evidence')
      .select('id')
      .where('case_id', '=', caseA)
      .execute();
    await h.db
      .updateTable('certification_case')
      .set({ stage: 'submitted' })
      .where('id', '=', caseA)
      .execute();
    expect(await refusal(upload(memberA, slug, caseA, pdf(100)))).toBe('case_not_editable');
    expect(
      await refusal(
        perform(context(deps, memberA, 'ui'), memberDeleteEvidenceOp, {
          organisation: slug,
          case: String(caseA),
          evidence: String(first!.id),
        }),
      ),
    ).toBe('case_not_editable');
    const report = { case: String(caseA), purpose: 'audit_report', fileName: 'audit.pdf', file: pdf(500) };
    expect(
      await refusal(perform(context(deps, tokenPrincipal('viewer')), adminUploadEvidenceOp, report)),
    ).toBe('forbidden');
    const stored = await perform(context(deps, tokenPrincipal('assessor')), adminUploadEvidenceOp, report);
    expect(stored.purpose).toBe('audit_report');
    expect(await refusal(upload(memberA, slug, caseA, pdf(100)))).toBe('case_not_editable');
    await h.db
      .updateTable('certification_case')
      .set({ stage: 'changes_requested' })
      .where('id', '=', caseA)
      .execute();
    await perform(context(deps, memberA, 'ui'), memberDeleteEvidenceOp, {
      organisation: slug,
      case: String(caseA),
      evidence: String(first!.id),
    });
    const listed = await perform(context(deps, tokenPrincipal('viewer')), adminListEvidenceOp, {
      case: String(caseA),
    });
    expect(listed.files.map((f) => f.id)).not.toContain(first!.id);
    expect(listed.files.some((f) => f.purpose === 'audit_report')).toBe(true);
  });
});
