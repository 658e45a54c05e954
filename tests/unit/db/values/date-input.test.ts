import { describe, expect, it } from 'vitest';
import { parseDateInput } from '../../../../db/values/date-input.ts';

describe('parseDateInput', () => {
  it('refuses dates the calendar does not have, rather than rolling them over', () => {
    for (const text of [
      '2027-02-30',
      '2027-02-29',
      '2100-02-29',
      '2027-00-10',
      '2027-13-01',
      '2027-04-31',
      '2027-01-00',
    ])
      expect(parseDateInput(text), text).toBeNull();
    expect(parseDateInput('2028-02-29')?.toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(parseDateInput('2000-02-29')?.toISOString()).toBe('2000-02-29T00:00:00.000Z');
  });

  it('reads times with a zone and refuses impossible ones', () => {
    expect(parseDateInput('2027-06-01T12:30Z')?.toISOString()).toBe('2027-06-01T12:30:00.000Z');
    expect(parseDateInput('2027-06-01T00:15:00.123456-05:30')?.toISOString()).toBe(
      '2027-06-01T05:45:00.123Z',
    );
    for (const text of [
      '2027-06-01T24:00:00Z',
      '2027-06-01T12:60Z',
      '2027-06-01T12:00:60Z',
      '2027-06-01T12:00+14:60',
      '2027-06-01T12:00',
      '2027-06-01 12:00Z',
    ])
      expect(parseDateInput(text), text).toBeNull();
  });

  it('keeps within the allowed years after the offset, and reads years below 100 as written', () => {
    expect(parseDateInput('9999-12-31T23:59:59-12:00')).toBeNull();
    expect(parseDateInput('0000-01-01')).toBeNull();
    expect(parseDateInput('0050-03-01')?.getUTCFullYear()).toBe(50);
    expect(parseDateInput('1899-12-31', { dateOnly: true, minYear: 1900 })).toBeNull();
    expect(parseDateInput('2027-01-01T00:00Z', { dateOnly: true })).toBeNull();
    for (const text of ['+275760-09-13', '2027-1-1', ' 2027-01-01', '2027-01-01\n', '20270101'])
      expect(parseDateInput(text), JSON.stringify(text)).toBeNull();
  });
});
