import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, freePort } from './server-process.ts';

const VARNISHD = '/usr/sbin/varnishd';
export const SHIPPED_VCL = path.join(ROOT, 'docs', 'deployment', 'varnish.vcl');

/**
 * Whether the edge tests run: Debian's varnishd with vmod_xkey (varnish, varnish-modules). Without
 * them they skip with a message, unless REQUIRE_EDGE=1 (CI), where a missing edge must fail.
 */
export function edgeAvailable(): boolean {
  let missing: string | null = null;
  try {
    accessSync(VARNISHD, constants.X_OK);
  } catch {
    missing = `${VARNISHD} not found`;
  }
  if (missing === null) {
    // Compiling the shipped file proves vmod_xkey (and directors, std) are installed.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keurmerk-vcc-'));
    try {
      execFileSync(VARNISHD, ['-C', '-f', SHIPPED_VCL, '-n', path.join(dir, 'n'), ...jailArgs()], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    } catch (error) {
      const stderr = String((error as { stderr?: Buffer }).stderr ?? '');
      missing = `varnishd -C failed: ${stderr.split('\n').find((l) => l.startsWith('Error')) ?? stderr.slice(-500)}`;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (missing !== null && process.env['REQUIRE_EDGE'] === '1')
    throw new Error(
      `REQUIRE_EDGE=1 but the edge cannot run (${missing}; apt-get install varnish varnish-modules)`,
    );
  if (missing !== null) console.warn(`edge tests skipped: ${missing} (set REQUIRE_EDGE=1 to fail instead)`);
  return missing === null;
}

/**
 * As root varnishd drops to its own users for the jail, which cannot read a checkout or a
 * temporary directory only root may enter; a test instance runs without the jail.
 */
const jailArgs = (): string[] => (process.getuid?.() === 0 ? ['-j', 'none'] : []);

/**
 * The shipped VCL with the test's backends and purge ACL written in: the file in docs/ is what
 * is tested, only its addresses change.
 */
export function vclFor(source: string, backendPorts: readonly number[], purgers: readonly string[]): string {
  const backends = backendPorts
    .map((port, i) => `backend registry${i + 1} {\n    .host = "127.0.0.1";\n    .port = "${port}";\n}`)
    .join('\n');
  const adds = backendPorts.map((_, i) => `registry.add_backend(registry${i + 1});`).join('\n    ');
  const replaced = source
    .replace(/backend registry1 \{[^}]*\}/, backends)
    .replace('registry.add_backend(registry1);', adds)
    .replace(/acl purgers \{[^}]*\}/, `acl purgers {\n${purgers.map((a) => `    "${a}";`).join('\n')}\n}`);
  if (replaced === source || !replaced.includes(`"${backendPorts[0]}"`))
    throw new Error('the shipped VCL no longer has the backend and ACL this helper rewrites');
  return replaced;
}

export interface Varnish {
  readonly url: string;
  readonly port: number;
  /** The instance's working directory (`-n`), for varnishstat and varnishncsa. */
  readonly workDir: string;
  readonly child: ChildProcess;
  /** A MAIN counter from varnishstat, e.g. `n_object`. */
  counter(name: string): number;
  stop(): Promise<void>;
}

/** Starts varnishd on a free loopback port with the shipped VCL in front of `backendPorts`. */
export async function startVarnish(options: {
  backendPorts: readonly number[];
  purgers?: readonly string[];
  port?: number;
  /** `-p name=value` settings beyond the shipped ones (benchmark experiments). */
  params?: readonly string[];
}): Promise<Varnish> {
  const port = options.port ?? (await freePort());
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-varnish-'));
  const vcl = path.join(workDir, 'test.vcl');
  await fs.writeFile(
    vcl,
    vclFor(await fs.readFile(SHIPPED_VCL, 'utf8'), options.backendPorts, options.purgers ?? ['127.0.0.1']),
  );
  const args = [
    '-F',
    '-n',
    path.join(workDir, 'n'),
    '-a',
    `127.0.0.1:${port}`,
    '-f',
    vcl,
    '-s',
    'malloc,64m',
    ...(options.params ?? []).flatMap((p) => ['-p', p]),
  ];
  args.push(...jailArgs());
  const child = spawn(VARNISHD, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d));
  child.stderr!.on('data', (d: Buffer) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`varnishd exited:\n${output}`);
    // A request varnish passes to the registry: ready once the child answers it.
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`varnishd did not answer in 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    port,
    workDir,
    child,
    counter(name) {
      const out = execFileSync(
        path.join(path.dirname(VARNISHD), '..', 'bin', 'varnishstat'),
        ['-n', path.join(workDir, 'n'), '-1', '-f', `MAIN.${name}`],
        { encoding: 'utf8' },
      );
      const match = new RegExp(`MAIN\\.${name}\\s+(\\d+)`).exec(out);
      if (!match) throw new Error(`varnishstat has no MAIN.${name}:\n${out}`);
      return Number(match[1]);
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      await fs.rm(workDir, { recursive: true, force: true });
    },
  };
}
