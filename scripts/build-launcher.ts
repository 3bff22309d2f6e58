// npm install (postinstall) and `npm run launcher:build`: build the embedded Neo4j launcher with
// Maven so the first `npm start` does not wait for ~150 MB of jars. Skipped when NEO4J_URI is set
// in the environment (an external database needs no launcher) or the build is current.
import { ensureLauncherBuilt, launcherIsBuilt } from '../server/db/launcher-build';

if (process.env.NEO4J_URI && process.argv.includes('--if-needed')) {
  console.log('[neo4j] NEO4J_URI is set: not building the embedded launcher');
} else if (launcherIsBuilt()) {
  console.log('[neo4j] embedded launcher is up to date');
} else {
  ensureLauncherBuilt().catch((error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  });
}
