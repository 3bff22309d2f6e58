// Whether memory stayed flat over a load or soak run (scripts/reliability/memory.ts), judged on the
// last half of the samples, and the per-endpoint names the runs count answers under.
import { describe, expect, it } from 'vitest';
import { FLAT_RISE_SHARE, flatness, slopePerMs } from '../../scripts/reliability/memory';
import { endpointOf } from '../../scripts/reliability/server';

const series = (values: number[], everyMs = 5000) => values.map((y, i) => ({ t: i * everyMs, y }));

describe('memory flatness', () => {
  it('fits the least-squares slope', () => {
    expect(slopePerMs(series([100, 110, 120, 130], 1000))).toBeCloseTo(0.01);
    expect(slopePerMs(series([5]))).toBe(0);
  });

  it('calls a series flat when only its first half climbs (pools and caches filling)', () => {
    const f = flatness(series([100, 200, 300, 400, 400, 401, 399, 400, 400, 401]))!;
    expect(f.flat).toBe(true);
    expect(f).toMatchObject({ samples: 10, firstMiB: 100, lastMiB: 401, maxMiB: 401 });
  });

  it('calls a series that keeps climbing in its last half not flat', () => {
    const f = flatness(series([400, 400, 400, 400, 400, 410, 420, 430, 440, 450]))!;
    expect(f.flat).toBe(false);
    expect(f.lastHalfRiseShare).toBeGreaterThan(FLAT_RISE_SHARE);
    // 10 MiB every 5 s.
    expect(f.lastHalfSlopeMiBPerMinute).toBeCloseTo(120);
  });

  it('gives no verdict on fewer than four samples', () => {
    expect(flatness(series([1, 2, 3]))).toBeUndefined();
  });
});

describe('endpoint names', () => {
  it('replace ids in node and article paths and drop the query', () => {
    expect(endpointOf('GET', '/api/nodes/synthetic-1-company-7/neighbors?limit=200')).toBe(
      'GET /api/nodes/:id/neighbors',
    );
    expect(endpointOf('GET', '/api/articles/a13')).toBe('GET /api/articles/:id');
    expect(endpointOf('POST', '/api/cypher')).toBe('POST /api/cypher');
    expect(endpointOf(undefined, '/api/search?q=x')).toBe('GET /api/search');
  });
});
