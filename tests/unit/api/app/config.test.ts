import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../../api/app/config.ts';

function fails(env: Record<string, string>, variable: string): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives a working demo with no variables at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      databaseUrl: null,
      port: 4321,
      publicUrl: 'http://127.0.0.1:4321',
      signingAlg: 'RS256',
      badgeMaxAgeSeconds: 60,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    ['mysql://root@localhost/db', 'scheme "mysql:"'],
    ['not a url', 'is not a URL'],
    ['postgres://', 'names no host'],
  ])('refuses DATABASE_URL=%s', (url, message) => {
    expect(fails({ DATABASE_URL: url }, 'DATABASE_URL').message).toContain(message);
  });

  it('never echoes a password in the error', () => {
    expect(fails({ DATABASE_URL: 'mysql://u:s3cret@h/d' }, 'DATABASE_URL').message).not.toContain('s3cret');
  });

  it.each([
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: 'abc' }, 'PORT'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL'],
    [{ PUBLIC_URL: 'https://x.example/path' }, 'PUBLIC_URL'],
    [{ SIGNING_ALG: 'EdDSA' }, 'SIGNING_ALG'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ BADGE_MAX_AGE: '-1' }, 'BADGE_MAX_AGE'],
    [{ ADMIN_EMAIL: 'a@b.nl' }, 'ADMIN_PASSWORD'],
  ])('names the bad variable in %j', (env, variable) => {
    fails(env as Record<string, string>, variable);
  });
  it('takes a REGISTRY_SECRET of at least 32 characters, or none', () => {
    expect(loadConfig({}).registrySecret).toBeNull();
    expect(loadConfig({ REGISTRY_SECRET: 'k'.repeat(32) }).registrySecret).toBe('k'.repeat(32));
    expect(fails({ REGISTRY_SECRET: 'short' }, 'REGISTRY_SECRET').message).toContain('at least 32');
    fails({ REGISTRY_SECRET: `${'k'.repeat(32)} with spaces` }, 'REGISTRY_SECRET');
  });
  it('requires a staff second factor unless demo mode or STAFF_MFA says otherwise', () => {
    expect(loadConfig({}).staffMfa).toBe('required');
    expect(loadConfig({ DEMO: '1' }).staffMfa).toBe('optional');
    expect(loadConfig({ DEMO: '1', STAFF_MFA: 'required' }).staffMfa).toBe('required');
    expect(loadConfig({ STAFF_MFA: 'optional' }).staffMfa).toBe('optional');
    expect(fails({ STAFF_MFA: 'sometimes' }, 'STAFF_MFA').message).toContain('required or optional');
  });
});

describe('mail and jobs settings', () => {
  it('without SMTP_URL mail waits in the outbox and jobs run on the server', () => {
    expect(loadConfig({})).toMatchObject({
      smtpUrl: null,
      mailFrom: null,
      mailLeaseSeconds: 300,
      jobsEnabled: true,
    });
  });

  it('takes SMTP_URL with MAIL_FROM', () => {
    const config = loadConfig({
      SMTP_URL: 'smtps://u:p@mail.example.org:465',
      MAIL_FROM: 'Keurmerk <registry@example.org>',
    });
    expect(config).toMatchObject({
      smtpUrl: 'smtps://u:p@mail.example.org:465',
      mailFrom: 'Keurmerk <registry@example.org>',
    });
  });

  it.each([
    ['http://mail.example.org', 'scheme "http:"'],
    ['mail.example.org:587', 'scheme'],
    ['not a url', 'is not a URL'],
  ])('refuses SMTP_URL=%s', (url, message) => {
    expect(fails({ SMTP_URL: url, MAIL_FROM: 'a@example.org' }, 'SMTP_URL').message).toContain(message);
  });

  it('never echoes the SMTP password', () => {
    expect(
      fails({ SMTP_URL: 'http://u:s3cret@h', MAIL_FROM: 'a@example.org' }, 'SMTP_URL').message,
    ).not.toContain('s3cret');
  });

  it('needs MAIL_FROM with SMTP_URL, and one real address in it', () => {
    expect(fails({ SMTP_URL: 'smtp://127.0.0.1:25' }, 'MAIL_FROM').message).toContain(
      'required with SMTP_URL',
    );
    for (const from of ['nobody', 'a@b.example, c@d.example', 'Name <>', 'a@localhost'])
      expect(fails({ SMTP_URL: 'smtp://127.0.0.1:25', MAIL_FROM: from }, 'MAIL_FROM').message).toContain(
        'expected one address',
      );
  });

  it('reads JOBS=on|off and a bounded MAIL_LEASE_SECONDS', () => {
    expect(loadConfig({ JOBS: 'off' }).jobsEnabled).toBe(false);
    expect(fails({ JOBS: 'sometimes' }, 'JOBS').message).toContain('on or off');
    expect(fails({ MAIL_LEASE_SECONDS: '5' }, 'MAIL_LEASE_SECONDS').message).toContain('from 10');
  });
});

describe('replica configuration', () => {
  const primary = { DATABASE_URL: 'postgres://k@db:5432/k' };

  it('reads a comma-separated list and the allowed lag', () => {
    const config = loadConfig({
      ...primary,
      DATABASE_REPLICA_URLS: 'postgres://k@r1:5432/k, postgres://k@r2:5432/k,',
      REPLICA_MAX_LAG: '2',
    });
    expect(config.replicaUrls).toEqual(['postgres://k@r1:5432/k', 'postgres://k@r2:5432/k']);
    expect(config.replicaMaxLagSeconds).toBe(2);
    expect(loadConfig(primary)).toMatchObject({ replicaUrls: [], replicaMaxLagSeconds: 5 });
  });

  it('refuses replicas of the embedded database and URLs that are not PostgreSQL', () => {
    expect(fails({ DATABASE_REPLICA_URLS: 'postgres://k@r1/k' }, 'DATABASE_REPLICA_URLS').message).toMatch(
      /needs DATABASE_URL/,
    );
    fails({ ...primary, DATABASE_REPLICA_URLS: 'mysql://r1/k' }, 'DATABASE_REPLICA_URLS');
    fails({ ...primary, REPLICA_MAX_LAG: '0' }, 'REPLICA_MAX_LAG');
  });
});
