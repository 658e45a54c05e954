import { describe, expect, it } from 'vitest';
import { formatLsn, parseLsn } from '../../../../../db/platform/replicas/lsn.ts';
import { replicaLagMs, trimSamples } from '../../../../../db/platform/replicas/lag.ts';

describe('WAL positions', () => {
  it('reads and writes PostgreSQL notation, comparing by value', () => {
    expect(parseLsn('0/16B3748')).toBe(0x16b3748n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) | 0xb374d848n);
    expect(formatLsn(parseLsn('16/B374D848')!)).toBe('16/B374D848');
    // Text comparison would put 0/9 after 0/10; the bigints do not.
    expect(parseLsn('0/9')! < parseLsn('0/10')!).toBe(true);
  });

  it.each([null, '', '16B374D848', '1/2/3', 'x/1', '123456789/0', '0/1; drop'])('refuses %j', (text) => {
    expect(parseLsn(text)).toBeNull();
  });
});

describe('replica lag', () => {
  const samples = [
    { at: 1_000, lsn: 100n },
    { at: 2_000, lsn: 200n },
    { at: 5_000, lsn: 300n },
  ];

  it('is zero for a replica at or past the newest primary position, however idle the primary', () => {
    expect(replicaLagMs(samples, 300n, 60_000)).toBe(0);
    expect(replicaLagMs(samples, 301n, 60_000)).toBe(0);
  });

  it('is the age of the oldest position the replica has not replayed', () => {
    expect(replicaLagMs(samples, 250n, 6_000)).toBe(1_000);
    expect(replicaLagMs(samples, 150n, 6_000)).toBe(4_000);
    expect(replicaLagMs(samples, 50n, 6_000)).toBe(5_000);
  });

  it('keeps recent samples and the newest older one', () => {
    expect(trimSamples(samples, 6_000, 3_000)).toEqual(samples.slice(1));
    expect(trimSamples(samples, 60_000, 3_000)).toEqual(samples.slice(2));
    expect(trimSamples(samples, 5_500, 10_000)).toEqual(samples);
  });
});
