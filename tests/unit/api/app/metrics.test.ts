import { describe, expect, it } from 'vitest';
import { Metrics } from '../../../../api/app/metrics.ts';
import { groupOf, routes } from '../../../../api/routes/router.ts';

describe('Metrics', () => {
  it('renders counters and cumulative histograms in the Prometheus text format', () => {
    const m = new Metrics();
    m.observe('badges', 200, 0.0007);
    m.observe('badges', 304, 0.003);
    m.observe('badges', 404, 2);
    m.increment('keurmerk_status_changes_total', 'changes', 2);
    m.addGauges(() => [{ name: 'keurmerk_badge_cache_bytes', help: 'bytes', type: 'gauge', value: 42 }]);
    const text = m.render();
    expect(text).toContain('keurmerk_http_requests_total{group="badges",status="2xx"} 1');
    expect(text).toContain('keurmerk_http_requests_total{group="badges",status="3xx"} 1');
    expect(text).toContain('keurmerk_http_requests_total{group="badges",status="4xx"} 1');
    expect(text).toContain('keurmerk_http_request_duration_seconds_bucket{group="badges",le="0.001"} 1');
    expect(text).toContain('keurmerk_http_request_duration_seconds_bucket{group="badges",le="0.005"} 2');
    expect(text).toContain('keurmerk_http_request_duration_seconds_bucket{group="badges",le="+Inf"} 3');
    expect(text).toContain('keurmerk_http_request_duration_seconds_count{group="badges"} 3');
    expect(text).toContain('# TYPE keurmerk_status_changes_total counter\nkeurmerk_status_changes_total 2');
    expect(text).toContain('keurmerk_badge_cache_bytes 42');
  });

  it('keeps each status class apart, statuses Node allows above 599 too, and histogram edges inclusive', () => {
    const m = new Metrics();
    m.observe('api', 599, 0.001);
    m.observe('api', 799, 0.0025);
    m.observe('api', 999, 6);
    const text = m.render();
    expect(text).toContain('keurmerk_http_requests_total{group="api",status="5xx"} 1');
    expect(text).toContain('keurmerk_http_requests_total{group="api",status="7xx"} 1');
    expect(text).toContain('keurmerk_http_requests_total{group="api",status="9xx"} 1');
    expect(text).not.toContain('status="0xx"');
    expect(text).toContain('keurmerk_http_request_duration_seconds_bucket{group="api",le="0.001"} 1');
    expect(text).toContain('keurmerk_http_request_duration_seconds_bucket{group="api",le="0.0025"} 2');
    expect(text).toContain('keurmerk_http_request_duration_seconds_bucket{group="api",le="5"} 2');
    expect(text).toContain('keurmerk_http_request_duration_seconds_bucket{group="api",le="+Inf"} 3');
  });

  it.each([
    ['/badges/abc.svg', 'badges'],
    ['/.well-known/jwks.json', 'keys'],
    ['/keys/x', 'keys'],
    ['/status/1', 'status'],
    ['/api/v1/verify', 'verify'],
    ['/api/v1/admin/organisations', 'admin-api'],
    ['/api/v1/organisations', 'api'],
    ['/admin/sign-in', 'admin'],
    ['/', 'pages'],
    ['/en/search', 'pages'],
    ['/_astro/x.css', 'assets'],
  ])('groups %s as %s', (path, group) => {
    expect(groupOf(path)).toBe(group);
  });

  it.each(routes.map((r) => [r.method, r.path, r.group]))(
    'groups %s %s by its route as %s',
    (_, path, group) => {
      expect(groupOf(path.replace(/:\w+/g, 'x'))).toBe(group);
    },
  );

  it('groups a path under an api/ prefix that no route serves as api-other', () => {
    expect(groupOf('/api/v2/nothing')).toBe('api-other');
  });
});
