import type { TransparencyLog } from './transparency.ts';
import type { CertificationView } from '../../db/certification/verify-lookup.ts';
import type { VerifyReport } from './service.ts';
import type { VerificationCheck } from './checks.ts';
import type { Verdict } from './verdict.ts';

/** The JSON of a verdict: the API answers with it and `npm run verify -- --json` prints it. */
export interface VerifyReportJson {
  verdict: Verdict;
  reasons: string[];
  checks: VerificationCheck[];
  source: VerifyReport['source'];
  checkedAt: string;
  credential: VerifyReport['credential'];
  /** Null offline, for an unknown certification or an application (no public change yet). */
  transparencyLog: TransparencyLog | null;
  organisation: {
    name: string;
    slug: string;
    country: string;
    city: string;
    domains: string[];
    url: string;
  } | null;
  certification: {
    publicId: string;
    /** With the version it was assessed against; a transition date while that is not the current one. */
    scheme: {
      slug: string;
      name: CertificationView['scheme']['name'];
      version: number;
      currentVersion: number;
      transitionDate: string | null;
    };
    status: CertificationView['status'];
    assuranceLevel: CertificationView['assuranceLevel'];
    validFrom: string | null;
    validUntil: string | null;
    renewalUnderReview: boolean;
    verifyUrl: string;
  } | null;
}

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/** The organisation and certification parts of the JSON, shared by POST and GET /api/v1/verify. */
export function certificationJson(
  view: CertificationView | null,
  publicUrl: string,
): Pick<VerifyReportJson, 'organisation' | 'certification'> {
  if (!view) return { organisation: null, certification: null };
  const base = publicUrl.replace(/\/+$/, '');
  return {
    organisation: {
      name: view.organisation.legalName,
      slug: view.organisation.slug,
      country: view.organisation.country,
      city: view.organisation.city,
      domains: view.domains,
      url: `${base}/organisations/${view.organisation.slug}`,
    },
    certification: {
      publicId: view.publicId,
      scheme: { ...view.scheme, transitionDate: iso(view.scheme.transitionDate) },
      status: view.status,
      assuranceLevel: view.assuranceLevel,
      validFrom: iso(view.validFrom),
      validUntil: iso(view.validUntil),
      renewalUnderReview: view.renewalUnderReview,
      verifyUrl: `${base}/verify/${view.publicId}`,
    },
  };
}

export function verifyReportJson(report: VerifyReport, publicUrl: string): VerifyReportJson {
  return {
    verdict: report.verdict,
    reasons: report.reasons,
    checks: report.checks,
    source: report.source,
    checkedAt: report.checkedAt.toISOString(),
    credential: report.credential,
    transparencyLog: report.transparencyLog ?? null,
    ...certificationJson(report.certification, publicUrl),
  };
}
