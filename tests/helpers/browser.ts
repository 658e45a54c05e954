import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT, runNode, startServerProcess, type ServerProcess } from './server-process.ts';

/** Debian's Chromium, or null. Browsers are never downloaded. */
export function chromiumPath(): string | null {
  try {
    return (
      execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
        encoding: 'utf8',
      }).trim() || null
    );
  } catch {
    return null;
  }
}

/**
 * Whether the browser tests run. Without Chromium they skip with a message, unless REQUIRE_BROWSER=1
 * (CI), where a missing browser must fail the run instead of passing silently.
 */
export function browserAvailable(): boolean {
  const found = chromiumPath() !== null;
  if (!found && process.env['REQUIRE_BROWSER'] === '1')
    throw new Error('REQUIRE_BROWSER=1 but no chromium on PATH (apt-get install chromium)');
  if (!found)
    console.warn('browser tests skipped: no chromium on PATH (set REQUIRE_BROWSER=1 to fail instead)');
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath()!,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface SeededServer {
  server: ServerProcess;
  dataDir: string;
  stop(): Promise<void>;
}

/** A real server process on a fresh embedded database with `orgs` demo organisations. */
export async function seededServer(orgs: number): Promise<SeededServer> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-site-'));
  const seeded = await runNode('api/cli/seed-demo.ts', ['--orgs', String(orgs), '--quiet'], {
    DATA_DIR: dataDir,
  });
  if (seeded.code !== 0) throw new Error(seeded.stderr);
  const server = await startServerProcess({ DATA_DIR: dataDir });
  return {
    server,
    dataDir,
    async stop() {
      await server.stop('SIGKILL');
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

const axeSource = fs.readFile(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA plus best practices) in the page; evaluate, not a script tag, because of our CSP. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(await axeSource);
  const result = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run(o: object): Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    return axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
  });
  // An axe that checked nothing would report nothing: make sure it really ran its rules.
  if ((result as unknown as { passes: unknown[] }).passes.length < 10)
    throw new Error('axe-core did not run');
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes
      .slice(0, 3)
      .map((n) => ({ target: n.target, ...(n.failureSummary ? { failureSummary: n.failureSummary } : {}) })),
  }));
}

export const ARTIFACTS = path.join(ROOT, 'tests', 'artifacts', 'site');
