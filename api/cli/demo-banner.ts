import type { DemoCredentials } from '../auth/demo-admin.ts';

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
