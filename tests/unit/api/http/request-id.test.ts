import { describe, expect, it } from 'vitest';
import { newRequestId, requestIdFor } from '../../../../api/http/request-id.ts';

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it('are UUID-shaped and never repeat within a process', () => {
    const ids = Array.from({ length: 10_000 }, () => newRequestId());
    for (const id of ids.slice(0, 50)) expect(id).toMatch(UUID_SHAPE);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keep a plain client id and replace anything that could not be logged safely', () => {
    expect(requestIdFor('trace-me-123')).toBe('trace-me-123');
    for (const hostile of ['<script>', 'a b', '', 'x'.repeat(101), ['a', 'b'], undefined])
      expect(requestIdFor(hostile)).toMatch(UUID_SHAPE);
  });
});
