// Labels, relationship types and path lengths cannot be Cypher parameters. The only way one reaches
// a query string is through these functions, which accept nothing but plain identifiers and
// integers in range.
const LABEL = /^[A-Z][A-Za-z0-9]{0,39}$/;
const REL_TYPE = /^[A-Z][A-Z0-9_]{0,39}$/;

export class UnsafeIdentifierError extends Error {
  constructor(kind: string, name: string) {
    super(`refusing to use ${JSON.stringify(name)} as a ${kind}`);
    this.name = 'UnsafeIdentifierError';
  }
}

/** `Zone` → "`Zone`"; throws for anything that is not a PascalCase identifier. */
export function labelIdentifier(name: string): string {
  if (!LABEL.test(name)) throw new UnsafeIdentifierError('label', name);
  return `\`${name}\``;
}

/** `LINKED_WITH` → "`LINKED_WITH`"; throws for anything that is not UPPER_SNAKE_CASE. */
export function relTypeIdentifier(name: string): string {
  if (!REL_TYPE.test(name)) throw new UnsafeIdentifierError('relationship type', name);
  return `\`${name}\``;
}

const PROPERTY_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether `propertyKeyIdentifier` accepts the name (and the import files may carry it as a column). */
export const isPropertyKeyName = (name: string): boolean => PROPERTY_KEY.test(name);

/** `aliases` → "`aliases`"; throws for anything that is not a plain identifier. */
export function propertyKeyIdentifier(name: string): string {
  if (!PROPERTY_KEY.test(name)) throw new UnsafeIdentifierError('property key', name);
  return `\`${name}\``;
}

/** Whether `relTypeIdentifier` accepts the name. */
export const isRelTypeName = (name: string): boolean => REL_TYPE.test(name);

/** A path length or depth of 1..max as written into a pattern (`*1..3`); throws for anything else. */
export function hops(n: number, max: number): number {
  if (!Number.isInteger(n) || n < 1 || n > max) throw new RangeError(`hops must be 1..${max}`);
  return n;
}
