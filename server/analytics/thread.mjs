// Entry of the analytics worker thread. Plain JavaScript so that Node can start it without any
// loader; tsx's scoped import then loads the TypeScript (see ANALYTICS_THREAD in worker.ts).
import { tsImport } from 'tsx/esm/api';

await tsImport('./thread.ts', import.meta.url);
