// Preloaded into the server by reliability:soak (`--import`): prints its memory every
// MEMORY_PROBE_MS as one `[memory] {json}` line on stderr. With --expose-gc it collects garbage
// first, so heapUsed is what the server keeps alive rather than where the collector happens to be.
const every = Number(process.env.MEMORY_PROBE_MS ?? 10_000);
const collect = (globalThis as { gc?: () => void }).gc;

const sample = () => {
  collect?.();
  const m = process.memoryUsage();
  process.stderr.write(
    `[memory] ${JSON.stringify({ t: Date.now(), rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, gc: Boolean(collect) })}\n`,
  );
};
setInterval(sample, every).unref();
sample();
