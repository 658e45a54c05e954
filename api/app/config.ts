import os from 'node:os';
import path from 'node:path';
import addressparser from 'nodemailer/lib/addressparser';
import { parsePurgeTargets, type PurgeTarget } from '../edge/purge-targets.ts';
import { ConfigError } from './config-error.ts';
import { parseWitnessConfig, type WitnessConfig } from './config-witness.ts';

/** Everything the process reads from its environment, validated once and frozen. */
export interface Config {
  readonly databaseUrl: string | null;
  /** Streaming standbys of DATABASE_URL that serve public reads; empty = everything on the primary. */
  readonly replicaUrls: readonly string[];
  /** Seconds a replica may trail the primary before reads skip it. */
  readonly replicaMaxLagSeconds: number;
  /** Directory of the embedded PGlite database and locally generated keys; `memory://` in tests. */
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  readonly signingKeyFile: string | null;
  readonly signingAlg: 'RS256' | 'ES256';
  /** Longest time a cache or CDN may keep showing a badge after its status changes. */
  readonly badgeMaxAgeSeconds: number;
  readonly adminEmail: string | null;
  readonly adminPassword: string | null;
  /** Bearer token for /metrics on the main port; null = not served there. */
  readonly metricsToken: string | null;
  /** A separate port serving only /metrics (bind it to an internal network); null = none. */
  readonly metricsPort: number | null;
  /** Worker threads parsing uploaded SVG/PNG badges off the event loop. */
  readonly verifyWorkers: number;
  /** Uploaded badges that may wait for a worker; more are refused with 503. */
  readonly verifyQueue: number;
  /** Verify requests (API and page form) per minute per client network. */
  readonly verifyRateLimit: number;
  /** Foreign Referer hosts newly recorded per organisation per day; more are counted, not stored. */
  readonly misuseHostsPerDay: number;
  /**
   * The key of the reporters' network hashes, when every instance is given it; null = one is
   * generated once and kept in the database (registry_secret), which instances share anyway.
   */
  readonly registrySecret: string | null;
  /** Where mail leaves (smtp:// or smtps://); null = messages wait in the outbox, readable by admins. */
  readonly smtpUrl: string | null;
  /** The From of every message (`Name <address>` or an address); required with SMTP_URL. */
  readonly mailFrom: string | null;
  /**
   * How long a sender's claim on a message lasts: a sender that died holding it is retried after
   * this. Every SMTP timeout is kept well under it, so a live sender never outlasts its claim.
   */
  readonly mailLeaseSeconds: number;
  /** Whether the server runs the scheduled jobs on its timers (off when a cron runs `npm run jobs`). */
  readonly jobsEnabled: boolean;
  /** Edges told at once about every committed change (EDGE_PURGE); empty = none. */
  readonly edgePurge: readonly PurgeTarget[];
  /**
   * How long an edge may keep badges, status lists and keys (Surrogate-Control). EDGE_MAX_AGE
   * applies only while EDGE_PURGE names an edge to purge; without one, an edge that reads
   * Surrogate-Control would never hear of a revocation, so it gets BADGE_MAX_AGE like browsers.
   */
  readonly edgeMaxAgeSeconds: number;
  /** Bearer token of POST /api/v1/edge/log (the edge's access log); null = endpoint not served. */
  readonly edgeLogToken: string | null;
  readonly fastlyApiToken: string | null;
  readonly cloudflareApiToken: string | null;
  /**
   * Whether staff must have a second factor (TOTP or passkey) after their password: `required`
   * by default, `optional` in demo mode (DEMO=1) unless STAFF_MFA says otherwise.
   */
  readonly staffMfa: 'required' | 'optional';
  /** LOG_KEY_FILE: the Ed25519 checkpoint key (PKCS#8 PEM); null = generated into DATA_DIR/keys. */
  readonly logKeyFile: string | null;
  /** LOG_SEQUENCER: whether this process sequences log entries and signs checkpoints. */
  readonly logSequencer: boolean;
  /** Witnessing: LOG_POLICY_FILE, WITNESS_KEY_FILE and the test-only LOG_TEST_FAULT. */
  readonly witness: WitnessConfig;
}

// In its own module so the per-area config readers (config-witness.ts) can throw it too.
export { ConfigError } from './config-error.ts';

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

function optional(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `expected a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

/** Validates a PostgreSQL URL (DATABASE_URL or a replica's) without echoing its password in the error. */
export function parseDatabaseUrl(raw: string, variable = 'DATABASE_URL'): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(variable, 'is not a URL; expected postgres://user@host:5432/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(
      variable,
      `has scheme "${url.protocol}"; expected postgres:// or postgresql:// (leave it unset for the embedded database)`,
    );
  }
  if (!url.hostname && !url.searchParams.get('host')) {
    throw new ConfigError(variable, 'names no host; expected postgres://user@host:5432/database');
  }
  return raw;
}

function parseReplicaUrls(raw: string | null, databaseUrl: string | null): string[] {
  if (raw === null) return [];
  // The embedded database is one process's: there is nothing to stream from.
  if (databaseUrl === null)
    throw new ConfigError(
      'DATABASE_REPLICA_URLS',
      'needs DATABASE_URL: the embedded database (DATA_DIR) has no replicas',
    );
  return raw
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '')
    .map((url) => parseDatabaseUrl(url, 'DATABASE_REPLICA_URLS'));
}

function parsePublicUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('PUBLIC_URL', `is not a URL: "${raw}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError('PUBLIC_URL', 'must start with https:// (or http:// for local use)');
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new ConfigError('PUBLIC_URL', 'must be an origin without path, query or fragment');
  }
  return url.origin;
}

function parseRegistrySecret(raw: string | null): string | null {
  if (raw === null) return null;
  // 32 characters of base64 or hex carry at least 128 bits; a shorter secret is guessable.
  if (raw.length < 32 || /\s/.test(raw))
    throw new ConfigError(
      'REGISTRY_SECRET',
      'must be at least 32 characters without spaces (openssl rand -base64 32)',
    );
  return raw;
}

function parseStaffMfa(env: Env): 'required' | 'optional' {
  const raw = optional(env, 'STAFF_MFA');
  // Read here rather than through demo-mode.ts, which imports this module.
  if (raw === null) return optional(env, 'DEMO') === '1' ? 'optional' : 'required';
  if (raw !== 'required' && raw !== 'optional')
    throw new ConfigError('STAFF_MFA', `expected required or optional, got "${raw}"`);
  return raw;
}

/** Validates SMTP_URL without echoing its password in the error. */
function parseSmtpUrl(raw: string | null): string | null {
  if (raw === null) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      'SMTP_URL',
      'is not a URL; expected smtp://user:password@host:587 or smtps://…:465',
    );
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new ConfigError('SMTP_URL', `has scheme "${url.protocol}"; expected smtp:// or smtps://`);
  }
  if (!url.hostname) throw new ConfigError('SMTP_URL', 'names no host; expected smtp://host:587');
  return raw;
}

function parseMailFrom(raw: string | null, smtpUrl: string | null): string | null {
  if (raw === null) {
    if (smtpUrl !== null)
      throw new ConfigError('MAIL_FROM', 'is required with SMTP_URL, e.g. "Keurmerk <registry@example.org>"');
    return null;
  }
  const parsed = addressparser(raw, { flatten: true });
  const address = parsed.length === 1 ? parsed[0]!.address : '';
  if (!/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(address)) {
    throw new ConfigError('MAIL_FROM', `expected one address ("Name <registry@example.org>"), got "${raw}"`);
  }
  return raw;
}

function onOff(env: Env, name: string, fallback: boolean): boolean {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  if (raw === 'on' || raw === '1') return true;
  if (raw === 'off' || raw === '0') return false;
  throw new ConfigError(name, `expected on or off, got "${raw}"`);
}

/** Reads the configuration; throws a ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const rawDb = optional(env, 'DATABASE_URL');
  const host = optional(env, 'HOST') ?? '127.0.0.1';
  const port = integer(env, 'PORT', 4321, 0, 65535);
  const rawData = optional(env, 'DATA_DIR') ?? './data';
  const dataDir = rawData.startsWith('memory://') ? rawData : path.resolve(rawData);
  const displayHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const publicUrl = parsePublicUrl(optional(env, 'PUBLIC_URL') ?? `http://${displayHost}:${port}`);
  const logLevel = optional(env, 'LOG_LEVEL') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const signingAlg = optional(env, 'SIGNING_ALG') ?? 'RS256';
  if (signingAlg !== 'RS256' && signingAlg !== 'ES256') {
    throw new ConfigError(
      'SIGNING_ALG',
      `expected RS256 or ES256 (EdDSA is not accepted for badges), got "${signingAlg}"`,
    );
  }
  const adminEmail = optional(env, 'ADMIN_EMAIL');
  const adminPassword = optional(env, 'ADMIN_PASSWORD');
  if ((adminEmail === null) !== (adminPassword === null)) {
    throw new ConfigError(
      adminEmail ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL',
      'ADMIN_EMAIL and ADMIN_PASSWORD go together',
    );
  }
  const smtpUrl = parseSmtpUrl(optional(env, 'SMTP_URL'));
  const edge = parsePurgeTargets(optional(env, 'EDGE_PURGE'));
  if (!edge.ok) throw new ConfigError('EDGE_PURGE', edge.message);
  const fastlyApiToken = optional(env, 'FASTLY_API_TOKEN');
  const cloudflareApiToken = optional(env, 'CLOUDFLARE_API_TOKEN');
  if (edge.targets.some((t) => t.kind === 'fastly') && !fastlyApiToken)
    throw new ConfigError('FASTLY_API_TOKEN', 'is needed for the fastly: purger named in EDGE_PURGE');
  if (edge.targets.some((t) => t.kind === 'cloudflare') && !cloudflareApiToken)
    throw new ConfigError('CLOUDFLARE_API_TOKEN', 'is needed for the cloudflare: purger named in EDGE_PURGE');
  const edgeLogToken = optional(env, 'EDGE_LOG_TOKEN');
  // A bearer token an attacker could guess would let them write misuse reports.
  if (edgeLogToken !== null && (edgeLogToken.length < 32 || /\s/.test(edgeLogToken)))
    throw new ConfigError(
      'EDGE_LOG_TOKEN',
      'must be at least 32 characters without spaces (openssl rand -base64 32)',
    );
  const badgeMaxAgeSeconds = integer(env, 'BADGE_MAX_AGE', 60, 0, 86_400);
  const edgeMaxAge = integer(env, 'EDGE_MAX_AGE', 86_400, 0, 31_536_000);
  const databaseUrl = rawDb === null ? null : parseDatabaseUrl(rawDb);
  return Object.freeze({
    databaseUrl,
    replicaUrls: Object.freeze(parseReplicaUrls(optional(env, 'DATABASE_REPLICA_URLS'), databaseUrl)),
    replicaMaxLagSeconds: integer(env, 'REPLICA_MAX_LAG', 5, 1, 3600),
    dataDir,
    host,
    port,
    publicUrl,
    logLevel: logLevel as Config['logLevel'],
    signingKeyFile: optional(env, 'SIGNING_KEY_FILE'),
    signingAlg,
    badgeMaxAgeSeconds,
    adminEmail,
    adminPassword,
    metricsToken: optional(env, 'METRICS_TOKEN'),
    metricsPort: optional(env, 'METRICS_PORT') === null ? null : integer(env, 'METRICS_PORT', 0, 1, 65535),
    // One worker on a one- or two-core machine, two beyond: parsing must leave a core to serving.
    verifyWorkers: integer(env, 'VERIFY_WORKERS', os.availableParallelism() > 2 ? 2 : 1, 1, 16),
    verifyQueue: integer(env, 'VERIFY_QUEUE', 16, 0, 1000),
    verifyRateLimit: integer(env, 'VERIFY_RATE_LIMIT', 60, 1, 1_000_000),
    misuseHostsPerDay: integer(env, 'MISUSE_HOSTS_PER_DAY', 50, 0, 100_000),
    registrySecret: parseRegistrySecret(optional(env, 'REGISTRY_SECRET')),
    smtpUrl,
    mailFrom: parseMailFrom(optional(env, 'MAIL_FROM'), smtpUrl),
    mailLeaseSeconds: integer(env, 'MAIL_LEASE_SECONDS', 300, 10, 86_400),
    jobsEnabled: onOff(env, 'JOBS', true),
    edgePurge: Object.freeze(edge.targets),
    edgeMaxAgeSeconds: edge.targets.length > 0 ? edgeMaxAge : badgeMaxAgeSeconds,
    edgeLogToken,
    fastlyApiToken,
    cloudflareApiToken,
    staffMfa: parseStaffMfa(env),
    logKeyFile: optional(env, 'LOG_KEY_FILE'),
    logSequencer: onOff(env, 'LOG_SEQUENCER', true),
    witness: parseWitnessConfig(env),
  });
}
