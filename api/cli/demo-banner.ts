import type { DemoCredentials } from '../auth/demo-admin.ts';
import type { DemoMember } from '../member/demo-members.ts';

/** The demo admin's sign-in, framed so it stands out between the JSON log lines. Printed once. */
export function demoBanner(publicUrl: string, credentials: DemoCredentials): string {
  const lines = [
    'Demo mode (DEMO=1): an admin account was created for you. Sign in at',
    `  ${new URL('/admin/sign-in', publicUrl).href}`,
    `  e-mail:     ${credentials.email}`,
    `  passphrase: ${credentials.password}`,
    'It is shown only this once (the database keeps a hash); add staff under /admin/staff.',
  ];
  const rule = '='.repeat(Math.max(...lines.map((l) => l.length)));
  return ['', rule, ...lines, rule, ''].join('\n') + '\n';
}

/** How to sign in as a demo member: printed at every demo start (it holds no secret). */
export function demoMembersBanner(publicUrl: string, members: readonly DemoMember[]): string {
  if (members.length === 0) return '';
  const lines = [
    'Demo members (no passwords): sign in at',
    `  ${new URL('/member/sign-in', publicUrl).href}`,
    ...members.map((m) => `  as ${m.email} (${m.role} of ${m.organisation})`),
    'The sign-in link appears in this log (demo mode has no SMTP).',
  ];
  const rule = '='.repeat(Math.max(...lines.map((l) => l.length)));
  return ['', rule, ...lines, rule, ''].join('\n') + '\n';
}
