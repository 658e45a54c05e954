import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../app/config.ts';
import { createLogger } from '../app/log.ts';
import type { Deps } from '../app/deps.ts';
import { createCliDeps } from './admin-deps.ts';
import { parseArgs, runCli, UsageError } from './run-cli.ts';
import { readSecret } from './read-secret.ts';
import { createProgress } from './progress.ts';
import { perform, type Operation, type Input } from '../admin/perform.ts';
import type { Principal } from '../admin/principal.ts';
import { createStaffOp, listStaffOp, resetPasswordOp, unlockStaffOp } from '../handlers/admin-staff.ts';
import { resetSecondFactorOp } from '../handlers/admin-second-factor.ts';
import { createTokenOp, listTokensOp, revokeTokenOp } from '../handlers/admin-tokens.ts';
import { listAuditOp, verifyAuditOp } from '../handlers/admin-audit.ts';
import { logVerifyOp, rotateLogKeyOp } from '../handlers/admin-log.ts';
import { ImportFailedError, importOp, type ImportSummary } from '../handlers/admin-import.ts';
import { inviteMemberOp, listMembersOp } from '../member/staff-ops.ts';
import { staffForLogin } from '../../db/staff/users.ts';
import { NotFoundError } from '../../db/errors.ts';

const HELP = `Usage: npm run admin -- <command> [options]

Staff accounts, API tokens, CSV import and audit checks, straight on the database. Every command
is recorded in the audit log as cli:<your user name>. On the embedded database the server must
be stopped first (or use the admin API).

  user create --email E --name N --role admin|assessor|viewer [--password-stdin]
  user list
  user reset-password --email E [--password-stdin]   ends that person's sessions
  user unlock --email E                              clears a sign-in lock
  user reset-second-factor --email E                 removes their authenticator app, passkeys and
                                                     recovery codes and ends their sessions (a lost
                                                     phone or key); they enrol anew at next sign-in
  token create --role R --name N --owner EMAIL [--expires YYYY-MM-DD]
                                            prints the token once; it acts for its owner
                                            (never with more rights) and ends with them
  token list
  token revoke ID
  import FILE.csv [--dry-run] [--quiet]     organisations and certifications; all or nothing
  audit verify                              checks the event chain and the audit chain
  audit list [--limit N]
  log verify [--json] [--quiet]             recomputes the transparency log's tiles and checkpoint
                                            roots from its entries and checks every checkpoint
                                            signature, and that the log and the event chain
                                            agree (every public event, in order, same facts);
                                            exit 1 naming what disagrees
  log rotate-key                            a new checkpoint key; the old one stays at /log/key
  member invite --org SLUG --email E [--role owner|editor] [--language nl|en|fr] [--json]
                                            invites a person (by default the owner) into an
                                            organisation: a one-time link by e-mail, valid 7 days
  member list --org SLUG [--json]           the organisation's members and open invitations

Passwords are read from the terminal without echo, or with --password-stdin from the first
line of standard input; never from an argument. The first admin can also come from
ADMIN_EMAIL and ADMIN_PASSWORD: they are used once, on a database without any staff account.
`;

const out = (line: string) => process.stdout.write(`${line}\n`);

async function password(flags: Record<string, string | boolean>): Promise<string> {
  if (!flags['password-stdin'] && !process.stdin.isTTY)
    throw new UsageError('give --password-stdin to read the password from standard input');
  const first = await readSecret('Password: ');
  if (!flags['password-stdin'] && first !== (await readSecret('Repeat: ')))
    throw new UsageError('the two passwords differ');
  return first;
}

function required(flags: Record<string, string | boolean>, name: string): string {
  const value = flags[name];
  if (typeof value !== 'string' || !value) throw new UsageError(`--${name} is required`);
  return value;
}

async function staffId(deps: Deps, email: string): Promise<number> {
  const user = await staffForLogin(deps.database.db, email.trim().toLowerCase());
  if (!user) throw new NotFoundError('staff member', email);
  return user.id;
}

await runCli('admin', async () => {
  const { flags, positional } = parseArgs(process.argv.slice(2), {
    help: 'boolean',
    email: 'string',
    name: 'string',
    role: 'string',
    expires: 'string',
    owner: 'string',
    limit: 'string',
    'password-stdin': 'boolean',
    'dry-run': 'boolean',
    quiet: 'boolean',
    org: 'string',
    language: 'string',
    json: 'boolean',
  });
  const [area, command, arg] = positional;
  if (flags['help'] || !area) {
    process.stdout.write(HELP);
    return flags['help'] ? 0 : 2;
  }
  const known = [
    'user create',
    'user list',
    'user reset-password',
    'user unlock',
    'user reset-second-factor',
    'token create',
    'token list',
    'token revoke',
    'audit verify',
    'audit list',
    'log verify',
    'log rotate-key',
    'member invite',
    'member list',
  ];
  if (area !== 'import' && !known.includes(`${area} ${command}`))
    throw new UsageError(`unknown command "${positional.join(' ')}"`);
  if (area === 'import' && !command) throw new UsageError('name the CSV file to import');
  // Read before the database opens, so a prompt never holds the data directory's lock.
  const secret =
    area === 'user' && (command === 'create' || command === 'reset-password') ? await password(flags) : null;
  // npm runs scripts in the package root; a relative path means the directory the user typed it in.
  const importFile =
    area === 'import' ? path.resolve(process.env['INIT_CWD'] ?? process.cwd(), command!) : null;
  if (importFile && !fs.existsSync(importFile)) throw new UsageError(`no file ${importFile}`);

  const config = loadConfig();
  const deps = await createCliDeps(
    config,
    createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, { service: 'keurmerk-admin' }),
  );
  const principal: Principal = { kind: 'cli', name: os.userInfo().username || 'unknown', role: 'admin' };
  const run = <R>(op: Operation<R>, input: Input) =>
    perform({ deps, principal, via: 'cli', clientAddress: 'local', requestId: null }, op, input);
  try {
    switch (`${area} ${area === 'import' ? '' : command}`.trim()) {
      case 'user create': {
        const user = await run(createStaffOp, {
          email: required(flags, 'email'),
          displayName: flags['name'] ?? required(flags, 'email'),
          role: required(flags, 'role'),
          password: secret,
        });
        out(`created ${user.role} ${user.email} (id ${user.id})`);
        return 0;
      }
      case 'user list':
        for (const u of await run(listStaffOp, {}))
          out(
            `${u.id}\t${u.role}\t${u.email}\t${u.disabled ? 'disabled' : u.lockedUntil ? `locked until ${u.lockedUntil}` : 'active'}\tlast sign-in ${u.lastLoginAt ?? 'never'}`,
          );
        return 0;
      case 'user reset-password':
        await run(resetPasswordOp, { id: await staffId(deps, required(flags, 'email')), password: secret });
        out("password set; that account's sessions have ended");
        return 0;
      case 'user reset-second-factor': {
        const reset = await run(resetSecondFactorOp, { id: await staffId(deps, required(flags, 'email')) });
        out(
          `second factor reset: authenticator app ${reset.totp ? 'removed' : 'none'}, ${reset.passkeys} passkey(s) removed, ${reset.sessionsEnded} session(s) ended`,
        );
        return 0;
      }
      case 'user unlock':
        await run(unlockStaffOp, { id: await staffId(deps, required(flags, 'email')) });
        out('unlocked');
        return 0;
      case 'token create': {
        const t = await run(createTokenOp, {
          name: required(flags, 'name'),
          role: required(flags, 'role'),
          owner: required(flags, 'owner'),
          expiresAt: flags['expires'] ?? null,
        });
        process.stderr.write(
          `token ${t.id} "${t.name}" (${t.role}${t.expiresAt ? `, expires ${t.expiresAt}` : ''}); shown once, store it now:\n`,
        );
        out(t.token);
        return 0;
      }
      case 'token list':
        for (const t of await run(listTokensOp, {}))
          out(
            `${t.id}\t${t.role}\t${t.name}\t${t.owner ?? 'no owner'}\t${t.revokedAt ? 'revoked' : t.expiresAt ? `expires ${t.expiresAt}` : 'no expiry'}\tlast used ${t.lastUsedAt ?? 'never'}`,
          );
        return 0;
      case 'token revoke':
        if (!arg) throw new UsageError('name the token id to revoke');
        await run(revokeTokenOp, { id: arg });
        out(`token ${arg} revoked`);
        return 0;
      case 'audit verify': {
        const v = await run(verifyAuditOp, {});
        out(
          v.events.ok
            ? `certification events: ${v.events.events} in an intact chain`
            : `certification events: chain BROKEN at event ${v.events.brokenAt} (${v.events.reason})`,
        );
        out(
          v.audit.ok
            ? `audit log: ${v.audit.entries} entries in an intact chain`
            : `audit log: chain BROKEN at entry ${v.audit.brokenAt} (${v.audit.reason})`,
        );
        return v.ok ? 0 : 1;
      }
      case 'audit list':
        for (const a of (await run(listAuditOp, { limit: flags['limit'] ?? '50' })).data as Array<
          Record<string, unknown>
        >)
          out(
            `${a['occurredAt']}\t${a['outcome']}\t${a['actor']}\t${a['action']}\t${a['target'] ?? ''}\t${a['clientAddress'] ?? ''}`,
          );
        return 0;
      case 'log verify': {
        const progress = flags['quiet'] || flags['json'] ? null : createProgress('verifying entries');
        const v = await run(
          logVerifyOp((done, total) => progress?.update(done, total)),
          {},
        );
        if (flags['json']) {
          out(JSON.stringify(v));
          return v.ok ? 0 : 1;
        }
        for (const check of v.checks) {
          out(`log ${check.name}: ${check.summary}`);
          for (const p of check.problems) out(`  ${p}`);
        }
        return v.ok ? 0 : 1;
      }
      case 'log rotate-key': {
        const { vkey } = await run(rotateLogKeyOp, {});
        out(`new current log key: ${vkey}`);
        return 0;
      }
      case 'member invite': {
        const invitation = await run(inviteMemberOp, {
          slug: required(flags, 'org'),
          email: required(flags, 'email'),
          role: flags['role'] ?? 'owner',
          language: flags['language'] ?? 'nl',
        });
        if (flags['json']) out(JSON.stringify(invitation));
        else
          out(
            `invited ${invitation.email} as ${invitation.role} of ${invitation.organisation}; the link is in the outbox and valid until ${invitation.expiresAt}`,
          );
        return 0;
      }
      case 'member list': {
        const members = await run(listMembersOp, { slug: required(flags, 'org') });
        if (flags['json']) out(JSON.stringify(members));
        else {
          for (const m of members.members) out(`${m.id}\t${m.role}\t${m.email}\t${m.name}\tsince ${m.since}`);
          for (const i of members.invitations)
            out(`-\tinvited ${i.role}\t${i.email}\t\tuntil ${i.expiresAt}`);
        }
        return 0;
      }
      default: {
        const progress = flags['quiet']
          ? null
          : createProgress(flags['dry-run'] ? 'checking (kB)' : 'importing (kB)');
        const size = fs.statSync(importFile!).size;
        let summary: ImportSummary;
        try {
          summary = await run(importOp, {
            csv: fs.createReadStream(importFile!),
            dryRun: flags['dry-run'] === true,
            fileName: path.basename(importFile!),
            onProgress: (bytes: number, rows: number) =>
              progress?.update(
                Math.round(bytes / 1024),
                Math.round(size / 1024),
                `${rows.toLocaleString('en')} rows`,
              ),
          });
        } catch (error) {
          if (!(error instanceof ImportFailedError)) throw error;
          summary = error.summary;
        }
        for (const e of summary.errors)
          process.stderr.write(`line ${e.line}: ${e.field ? `${e.field}: ` : ''}${e.message}\n`);
        if (summary.errorCount > summary.errors.length)
          process.stderr.write(`… and ${summary.errorCount - summary.errors.length} more errors\n`);
        out(describe(summary));
        return summary.errorCount > 0 ? 1 : 0;
      }
    }
  } finally {
    await deps.close();
  }
});

function describe(s: ImportSummary): string {
  if (s.errorCount > 0)
    return `${s.rows.toLocaleString('en')} rows read; ${s.errorCount} with errors: nothing was imported`;
  const verb = s.dryRun ? 'would add' : 'added';
  return `${s.rows.toLocaleString('en')} rows: ${verb} ${s.organisationsCreated} organisations and ${s.certificationsCreated} certifications; ${s.unchanged} already present${s.dryRun ? ' (dry run: nothing was written)' : ''}`;
}
