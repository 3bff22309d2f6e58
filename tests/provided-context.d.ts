// What the global setups hand to tests through provide()/inject().
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared embedded Neo4j and this run's password. */
    neo4j: { uri: string; password: string };
    /** A second embedded Neo4j for files that need a database of their own; see scratchNeo4j(). */
    scratchNeo4j: { uri: string; password: string };
    /** The browser lane's app, serving the client built by its global setup. */
    appUrl: string;
    /** That build's folder, and the values set as the server's secrets while it was built. */
    bundle: { dir: string; markers: Record<string, string> };
  }
}
