// Warm-up that ends when the work has settled rather than after a fixed time: short rounds are run
// until two consecutive rounds cost the same CPU per request (within a tolerance), or a cap is hit.
// A fresh JVM compiles hot paths for tens of seconds; a fixed 1 s warm-up billed that to the run.
// The decision is pure (stableAt); warmUp drives any round function, so tests can feed it figures.

export interface WarmUpOptions {
  /** Relative difference two consecutive rounds may have and still count as the same. */
  tolerance: number;
  /** Rounds after which warm-up stops even if the figures never agreed (reported as unstable). */
  maxRounds: number;
}

export interface WarmUpResult {
  /** CPU milliseconds per request of each round, in order. */
  rounds: number[];
  stable: boolean;
  ms: number;
}

/** Whether the last two values agree within `tolerance` of their mean (both finite and positive). */
export function settled(values: readonly number[], tolerance: number): boolean {
  if (values.length < 2) return false;
  const a = values.at(-2)!;
  const b = values.at(-1)!;
  if (!(Number.isFinite(a) && Number.isFinite(b)) || a <= 0 || b <= 0) return false;
  return Math.abs(a - b) / ((a + b) / 2) <= tolerance;
}

/**
 * The turns of one warm-up round: run until they hold at least `minRequests` requests (or
 * `maxTurns` turns, for a case that answers none). CPU comes from /proc in ticks of 10 ms, so a
 * round of a few dozen slow requests gives a figure that is mostly rounding, and two such rounds
 * could agree by chance and end the warm-up early.
 */
export async function turnsOfAtLeast<T extends { requests: number }>(
  minRequests: number,
  turn: () => Promise<T>,
  maxTurns = 20,
): Promise<T[]> {
  const turns: T[] = [];
  let requests = 0;
  while (turns.length < maxTurns && (turns.length === 0 || requests < minRequests)) {
    const next = await turn();
    turns.push(next);
    requests += next.requests;
  }
  return turns;
}

export async function warmUp(
  round: () => Promise<number>,
  options: WarmUpOptions,
  now: () => number = () => performance.now(),
): Promise<WarmUpResult> {
  const started = now();
  const rounds: number[] = [];
  while (rounds.length < options.maxRounds) {
    rounds.push(await round());
    if (settled(rounds, options.tolerance)) return { rounds, stable: true, ms: now() - started };
  }
  return { rounds, stable: false, ms: now() - started };
}
