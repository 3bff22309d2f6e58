// Entry of the search thread. Plain JavaScript so that Node can start it without any loader; tsx's
// scoped import then loads the TypeScript (the same arrangement as server/analytics/thread.mjs).
import { tsImport } from 'tsx/esm/api';

await tsImport('./thread.ts', import.meta.url);
