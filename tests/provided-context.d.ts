// What the global setups hand to tests through provide()/inject().
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4jUri: string;
    appUrl: string;
  }
}
