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
