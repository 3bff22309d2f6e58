import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../server/config';

describe('parseConfig', () => {
  it('gives the embedded defaults when nothing is set', () => {
    const config = parseConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.neo4j.externalUri).toBeUndefined();
    expect(config.neo4j.embedded.boltPort).toBe(7687);
    expect(config.queryTimeoutMs).toBe(5000);
    expect(config.dataDir.endsWith('.data')).toBe(true);
  });

  it('treats an empty NEO4J_URI as unset', () => {
    expect(parseConfig({ NEO4J_URI: '' }).neo4j.externalUri).toBeUndefined();
  });

  it.each(['bolt://db:7687', 'neo4j://cluster:7687', 'neo4j+s://abc.databases.neo4j.io'])(
    'accepts %s',
    (uri) => {
      expect(parseConfig({ NEO4J_URI: uri }).neo4j.externalUri).toBe(uri);
    },
  );

  it.each([
    ['NEO4J_URI', 'http://localhost:7474', /NEO4J_URI="http:\/\/localhost:7474" must start with/],
    ['PORT', 'eighty', /PORT="eighty"/],
    ['PORT', '70000', /PORT="70000"/],
    ['NEO4J_HEAP', 'lots', /NEO4J_HEAP="lots" must be a size/],
    ['QUERY_TIMEOUT_MS', '5', /QUERY_TIMEOUT_MS="5"/],
    ['SEED_ON_START', 'maybe', /SEED_ON_START="maybe" must be true or false/],
  ])('names the variable at fault: %s=%s', (name, value, message) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(message);
  });

  it('reports every bad variable at once', () => {
    try {
      parseConfig({ PORT: 'x', NEO4J_PAGECACHE: 'y' });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(2);
    }
  });
});
