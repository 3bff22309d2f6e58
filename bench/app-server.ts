// Child process of the API benchmark: the real app (createApp) on a free loopback port, so its
// memory and CPU are its own and autocannon's are not counted. Prints one READY line with the port.
//
// usage: tsx bench/app-server.ts <bolt uri>
import type { Server } from 'node:http';
import { createApp } from '../server/app';
import { parseConfig } from '../server/config';
import { createDb } from '../server/db/driver';

const uri = process.argv[2];
if (!uri) throw new Error('usage: tsx bench/app-server.ts <bolt uri>');
// The app's defaults, except the rate limiter: a load test from one address is what it exists to stop.
const config = parseConfig({
  NEO4J_URI: uri,
  NEO4J_PASSWORD: process.env.NEO4J_PASSWORD,
  PORT: '0',
  LOG_LEVEL: 'error',
  RATE_LIMIT_PER_MINUTE: '0',
});
const db = createDb({
  uri,
  user: config.neo4j.user,
  password: config.neo4j.password,
  database: config.neo4j.database,
  queryTimeoutMs: config.queryTimeoutMs,
});
await db.verifyConnectivity();
const app = createApp({ config, db });
const server = await new Promise<Server>((resolve) => {
  const s = app.listen(0, '127.0.0.1', () => resolve(s));
});
const address = server.address();
console.log(
  `READY ${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0, pid: process.pid })}`,
);

const stop = () => {
  server.closeAllConnections();
  server.close(() => void db.close().then(() => process.exit(0)));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The parent going away (even by SIGKILL) closes stdin: stop with it.
process.stdin.on('end', stop);
process.stdin.resume();
