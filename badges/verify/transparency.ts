export type { TransparencyLog } from './transparency-log.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import { certificationInclusion, type Inclusion } from '../../db/log/certification-inclusion.ts';
import type { LogProver } from '../../db/log/prover.ts';
import type { VerificationCheck } from './checks.ts';
import type { VerifyReport } from './service.ts';
import type { TransparencyLog } from './transparency-log.ts';

/** The `transparency_log` check of an inclusion; "pending inclusion" is not a failure. */
export function transparencyCheck(inclusion: Exclude<Inclusion, { state: 'none' }>): VerificationCheck {
  const name = 'transparency_log';
  switch (inclusion.state) {
    case 'included':
      return {
        name,
        ok: true,
        detail: `The certification's latest change is entry ${inclusion.index} of the public transparency log, included in the signed checkpoint of size ${inclusion.size}; the inclusion proof verified.`,
      };
    case 'pending':
      return {
        name,
        ok: true,
        detail:
          'The certification’s latest change is recorded and waits for the next signed checkpoint (pending inclusion, normally within a second).',
      };
    default:
      return { name, ok: false, detail: `The transparency log does not confirm it: ${inclusion.reason}` };
  }
}

/** What a verdict or a page shows of an inclusion: its state, and the proof to download. */
export function transparencyLogOf(inclusion: Exclude<Inclusion, { state: 'none' }>): TransparencyLog {
  return {
    state: inclusion.state,
    index: inclusion.index,
    treeSize: inclusion.state === 'included' ? inclusion.size : null,
    proof: inclusion.state === 'included' ? inclusion.proof : null,
    entry: inclusion.state === 'included' ? inclusion.entry : null,
  };
}

/**
 * The transparency log's word on a certification the registry holds (null before its first public
 * change): the same proof, checked the same way, as the verdict's `transparency_log` check.
 */
export async function certificationTransparency(
  db: Kysely<Database>,
  publicId: string,
  publicUrl: string,
  prover?: LogProver,
): Promise<TransparencyLog | null> {
  const inclusion = await certificationInclusion(db, publicId, publicUrl, prover);
  return inclusion.state === 'none' ? null : transparencyLogOf(inclusion);
}

/**
 * Adds the `transparency_log` check to a verification that found a certification in the registry.
 * A log that contradicts the registry makes the verdict `invalid`: the public record and the
 * registry must tell the same story.
 */
export async function withTransparency(
  report: VerifyReport,
  db: Kysely<Database>,
  publicUrl: string,
): Promise<VerifyReport> {
  if (!report.certification) return report;
  const inclusion = await certificationInclusion(db, report.certification.publicId, publicUrl);
  if (inclusion.state === 'none') return report;
  const check = transparencyCheck(inclusion);
  const transparencyLog = transparencyLogOf(inclusion);
  return {
    ...report,
    checks: [...report.checks, check],
    ...(check.ok
      ? {}
      : { verdict: 'invalid' as const, reasons: [...report.reasons, `${check.name}: ${check.detail}`] }),
    transparencyLog,
  };
}
