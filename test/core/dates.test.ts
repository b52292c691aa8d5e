import { describe, expect, it } from 'vitest';
import { durationBefore, toExclusiveEnd, toIsoUtc } from '../../src/core/dates';

// The dates an import accepts or refuses: a refused date fails the row with "unparseable created_at".
describe('toIsoUtc', () => {
  it.each([
    ['2017-05-03T18:22:11.000Z', '2017-05-03T18:22:11.000Z'],
    ['  2017-05-03T18:22:11.000Z ', '2017-05-03T18:22:11.000Z'],
    ['2016-02-29T23:59:59.999Z', '2016-02-29T23:59:59.999Z'],
    ['2000-02-29T00:00:00.000Z', '2000-02-29T00:00:00.000Z'],
    ['2017-05-03', '2017-05-03T00:00:00.000Z'],
    ['2017-05-03T18:22', '2017-05-03T18:22:00.000Z'],
    ['2017-05-03 18:22:11', '2017-05-03T18:22:11.000Z'],
    ['2017-05-03T19:22:11+01:00', '2017-05-03T18:22:11.000Z'],
    ['2017-05-03T19:22:11.123456+0100', '2017-05-03T18:22:11.123Z'],
  ])('accepts %s as %s', (input, expected) => {
    expect(toIsoUtc(input)).toBe(expected);
  });

  it.each([
    '2017-02-29T12:00:00.000Z', // not a leap year
    '1900-02-29T12:00:00.000Z', // century, not a leap year
    '2017-02-30',
    '2017-04-31T00:00:00.000Z',
    '2017-13-01T00:00:00.000Z',
    '2017-00-10',
    '2017-05-00T00:00:00.000Z',
    '2017-05-03T24:00:00.000Z',
    '2017-05-03T23:60:00.000Z',
    '2017-05-03T23:59:60.000Z',
    '2017-05-03T25:00',
    '31/05/2017',
    '2017-5-3',
    '',
  ])('refuses %j', (input) => {
    expect(toIsoUtc(input)).toBeUndefined();
  });
});

describe('toExclusiveEnd', () => {
  it('makes a bare date cover the whole day, across a month end', () => {
    expect(toExclusiveEnd('2017-02-28')).toBe('2017-03-01T00:00:00.000Z');
    expect(toExclusiveEnd('2017-05-03T12:00:00Z')).toBe('2017-05-03T12:00:00.000Z');
  });
});

describe('durationBefore', () => {
  const now = new Date('2026-12-04T16:45:00.000Z');
  it('counts whole years as calendar years', () => {
    expect(durationBefore(now, '2y')?.toISOString()).toBe('2024-12-04T16:45:00.000Z');
    expect(durationBefore(new Date('2028-02-29T00:00:00Z'), '1y')?.toISOString()).toBe('2027-03-01T00:00:00.000Z');
  });
  it('counts other units as exact lengths of time', () => {
    expect(durationBefore(now, '400d')?.toISOString()).toBe('2025-10-30T16:45:00.000Z');
    expect(durationBefore(now, '18w')?.toISOString()).toBe('2026-07-31T16:45:00.000Z');
  });
  it('gives nothing for what is not a duration', () => {
    expect(durationBefore(now, 'two years')).toBeUndefined();
  });
});
