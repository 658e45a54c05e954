import type { VerifyReport } from './service.ts';

const WORDS: Readonly<Record<VerifyReport['verdict'], string>> = {
  valid: 'VALID',
  invalid: 'INVALID — do not trust this badge',
  revoked: 'REVOKED',
  suspended: 'SUSPENDED',
  expired: 'EXPIRED',
  not_yet_valid: 'NOT YET VALID',
};

// Details can quote what an attacker put in a token (header member names): no terminal escapes.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const plain = (text: string) => text.replace(CONTROL, '\ufffd');

/** A verdict for a terminal: the verdict, whose credential it is, then every check with ✓ or ✗. */
export function formatReport(report: VerifyReport, note: string): string {
  const lines = [WORDS[report.verdict]];
  const holder = report.certification?.organisation.legalName ?? report.credential?.name;
  if (holder) lines.push(`  ${plain(holder)}`);
  if (report.credential?.validUntil)
    lines.push(`  credential valid ${report.credential.validFrom} – ${report.credential.validUntil}`);
  const width = Math.max(...report.checks.map((check) => check.name.length));
  for (const check of report.checks) {
    lines.push(`  ${check.ok ? '✓' : '✗'} ${check.name.padEnd(width)}  ${plain(check.detail)}`);
  }
  lines.push(note);
  return `${lines.join('\n')}\n`;
}
