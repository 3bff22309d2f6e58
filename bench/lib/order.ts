// The order in which the API and the bare driver take their measured turns: ABBA, with the side
// that opens alternating from one case to the next, so neither side always runs on a JVM (or a
// machine) the other has just warmed, and a drift in the machine's load falls on both alike.

export type Side = 'api' | 'driver';

/** `pairs` ABBA blocks; case number `index` opens with the API when even, the driver when odd. */
export function abbaOrder(pairs: number, index: number): Side[] {
  const [a, b]: [Side, Side] = index % 2 === 0 ? ['api', 'driver'] : ['driver', 'api'];
  return Array.from({ length: pairs }, () => [a, b, b, a]).flat();
}
