// Seeded randomness: the one mulberry32 generator, shared by the synthetic generator and the graph
// analytics so that both are reproducible, and the generator's weighted picker. Pure, with no
// imports: the analytics thread and the browser benchmark page load it as is.

/** mulberry32 from a raw 32-bit state: Louvain and the betweenness sample take it as their `rng`. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** splitmix32's finaliser: neighbouring seeds (1, 2, 3…) start from unrelated states. */
function mixSeed(seed: number): number {
  let z = (Math.trunc(seed) + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** The generator's conveniences over mulberry32 with a mixed seed. */
export class Random {
  /** Uniform in [0, 1). */
  readonly next: () => number;

  constructor(seed: number) {
    this.next = seededRandom(mixSeed(seed));
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Picks indices in proportion to fixed weights (binary search over the cumulative sums). */
export class WeightedPicker<T> {
  private readonly cumulative: number[] = [];
  private total = 0;

  constructor(private readonly items: readonly { item: T; weight: number }[]) {
    for (const { weight } of items) this.cumulative.push((this.total += weight));
  }

  get empty(): boolean {
    return this.total <= 0;
  }

  pick(random: Random): T {
    const x = random.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!.item;
  }
}
