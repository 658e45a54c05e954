import fc from 'fast-check';

/** A cursor as encodeCursor makes one, around any JSON value. */
export const cursorOf = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Well-shaped cursors with values the queries cannot bind (hardening item 10): fractions, ids
 * past int4, text where a number goes, NUL and lone surrogates, impossible timestamps, NaN scores.
 */
export const REFUSED_EVERYWHERE: readonly string[] = [
  cursorOf([1.5]),
  cursorOf([1e300]),
  cursorOf(['abc', 'x', 1]),
  cursorOf(['a\u0000b', 1]),
  cursorOf(['\ud800', 1]),
  cursorOf(['\u0000', 1]),
];

/** Also hostile, but some are a legitimate key of some query (99999999999 is a bigint audit id). */
export const HOSTILE_CURSORS: readonly string[] = [
  ...REFUSED_EVERYWHERE,
  cursorOf([99999999999]),
  cursorOf(['NaN', 'x', 1]),
  cursorOf(['1', 'a\u0000', 1]),
  cursorOf(['abc', 99999999999]),
  cursorOf(['2026-02-30T00:00:00.000Z', 1, 1]),
  cursorOf(['2026-01-01T00:00:00.000Z', 1, 99999999999]),
  cursorOf(['2026-01-01T00:00:00.000Z', 1.5, 1]),
  cursorOf(['275760-09-13T00:00:00.000Z', 1, 1]),
  cursorOf(['+275760-09-13T00:00:00.000Z', 1]),
  cursorOf(['2026-01-01T00:00:00.000Z', 2147483648]),
  cursorOf([Number.MAX_SAFE_INTEGER]),
];

/** Any string a client can put in `cursor`, base64url JSON of any shape included. */
export const anyCursor: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.jsonValue({ maxDepth: 2 }).map(cursorOf),
  fc
    .array(
      fc.oneof(
        fc.integer(),
        fc.double(),
        fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(Number),
        fc.string({ unit: 'binary', maxLength: 12 }),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        fc.constantFrom('NaN', 'Infinity', '1e999', '-0', '0.5', '2026-02-30T00:00:00.000Z'),
      ),
      { maxLength: 4 },
    )
    .map(cursorOf),
  fc.constantFrom(...HOSTILE_CURSORS),
);
