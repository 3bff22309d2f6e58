// Compact parts of a deep link: node positions and id lists, packed into base64url so that a link
// to the seed overview, positions and all, stays a few hundred characters (a comma list of its ids
// alone was 3.4 k). Everything is in the link itself: it opens the same view without any state
// saved on a server. Decoding is forgiving: anything malformed answers undefined, never throws.
//
// Positions are rounded to whole model units (within half a unit, under a pixel at any fitted zoom)
// and bit-packed as offsets from the arrangement's corner, in the order of the sorted ids, so the
// ids themselves need not be repeated. A fingerprint of those ids tells the page opening the link
// whether it holds the same nodes (the data may have changed since); if not, the positions are not
// applied and the layout places the nodes as usual.

export type Positions = Map<string, { x: number; y: number }>;

const POSITIONS_VERSION = 1;
const IDS_VERSION = 1;
/** Widest coordinate range packed (2^24 units); a wider arrangement is not worth a link. */
const MAX_BITS = 24;

// ---- bytes ----------------------------------------------------------------------------------

class ByteWriter {
  readonly bytes: number[] = [];
  varint(value: number): void {
    let v = value;
    while (v >= 0x80) {
      this.bytes.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.bytes.push(v);
  }
  /** Signed integers as zig-zag varints (small magnitudes in few bytes whatever the sign). */
  signed(value: number): void {
    this.varint(value < 0 ? -2 * value - 1 : 2 * value);
  }
}

class ByteReader {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}
  get rest(): Uint8Array {
    return this.bytes.subarray(this.at);
  }
  byte(): number {
    if (this.at >= this.bytes.length) throw new RangeError('link data ends early');
    return this.bytes[this.at++]!;
  }
  varint(): number {
    let value = 0;
    for (let scale = 1; ; scale *= 0x80) {
      if (scale > 2 ** 35) throw new RangeError('varint too long');
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
    }
  }
  signed(): number {
    const v = this.varint();
    return v % 2 ? -(v + 1) / 2 : v / 2;
  }
  skip(count: number): Uint8Array {
    if (this.at + count > this.bytes.length) throw new RangeError('link data ends early');
    const part = this.bytes.subarray(this.at, this.at + count);
    this.at += count;
    return part;
  }
}

export function toBase64Url(bytes: Uint8Array | number[]): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new SyntaxError('not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** FNV-1a over the sorted ids: which nodes a packed arrangement belongs to, in 32 bits. */
export function idsFingerprint(sortedIds: readonly string[]): number {
  let hash = 0x811c9dc5;
  for (const id of sortedIds) {
    for (const unit of `${id}\n`) {
      hash ^= unit.codePointAt(0)!;
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
  }
  return hash >>> 0;
}

const bitsFor = (range: number) => Math.max(1, Math.ceil(Math.log2(range + 1)));

const sortedIdsOf = (ids: Iterable<string>) => [...ids].sort();

// ---- positions ------------------------------------------------------------------------------

/** Packs every node's position (whole units). Undefined when there is nothing, or too wide a spread. */
export function packPositions(positions: Positions): string | undefined {
  const ids = sortedIdsOf(positions.keys());
  if (!ids.length) return undefined;
  const points = ids.map((id) => {
    const p = positions.get(id)!;
    return [Math.round(p.x), Math.round(p.y)] as const;
  });
  if (points.some(([x, y]) => !Number.isFinite(x) || !Number.isFinite(y))) return undefined;
  const minX = Math.min(...points.map((p) => p[0]));
  const minY = Math.min(...points.map((p) => p[1]));
  const bitsX = bitsFor(Math.max(...points.map((p) => p[0])) - minX);
  const bitsY = bitsFor(Math.max(...points.map((p) => p[1])) - minY);
  if (bitsX > MAX_BITS || bitsY > MAX_BITS) return undefined;
  const head = new ByteWriter();
  head.varint(POSITIONS_VERSION);
  head.varint(idsFingerprint(ids));
  head.varint(ids.length);
  head.signed(minX);
  head.signed(minY);
  head.bytes.push(bitsX, bitsY);
  const packed: number[] = [];
  let buffer = 0;
  let held = 0;
  const put = (value: number, bits: number) => {
    for (let bit = bits - 1; bit >= 0; bit--) {
      buffer = (buffer << 1) | (Math.floor(value / 2 ** bit) % 2);
      if (++held === 8) {
        packed.push(buffer);
        buffer = 0;
        held = 0;
      }
    }
  };
  for (const [x, y] of points) {
    put(x - minX, bitsX);
    put(y - minY, bitsY);
  }
  if (held) packed.push(buffer << (8 - held));
  return toBase64Url([...head.bytes, ...packed]);
}

export interface PackedPositions {
  fingerprint: number;
  points: { x: number; y: number }[];
}

/** Reads what packPositions wrote; undefined for anything else. */
export function unpackPositions(text: string): PackedPositions | undefined {
  try {
    const reader = new ByteReader(fromBase64Url(text));
    if (reader.varint() !== POSITIONS_VERSION) return undefined;
    const fingerprint = reader.varint();
    const count = reader.varint();
    const minX = reader.signed();
    const minY = reader.signed();
    const bitsX = reader.byte();
    const bitsY = reader.byte();
    if (!bitsX || !bitsY || bitsX > MAX_BITS || bitsY > MAX_BITS) return undefined;
    const body = reader.rest;
    if (body.length * 8 < count * (bitsX + bitsY)) return undefined;
    let bitAt = 0;
    const take = (bits: number) => {
      let value = 0;
      for (let i = 0; i < bits; i++, bitAt++) {
        value = value * 2 + ((body[bitAt >> 3]! >> (7 - (bitAt & 7))) & 1);
      }
      return value;
    };
    const points = Array.from({ length: count }, () => {
      const x = minX + take(bitsX);
      return { x, y: minY + take(bitsY) };
    });
    return { fingerprint, points };
  } catch {
    return undefined;
  }
}

/** The positions for these nodes, if the packed arrangement was made for exactly these nodes. */
export function positionsFor(packed: PackedPositions, ids: Iterable<string>): Positions | undefined {
  const sorted = sortedIdsOf(ids);
  if (sorted.length !== packed.points.length || idsFingerprint(sorted) !== packed.fingerprint)
    return undefined;
  return new Map(sorted.map((id, i) => [id, packed.points[i]!]));
}

// ---- id lists -------------------------------------------------------------------------------

/**
 * Packs a set of ids (order is not kept): sorted, each written as how much it shares with the one
 * before and the rest in UTF-8. Slugs share long prefixes ("article-qdmp-2023-11-20-…").
 */
export function packIds(ids: Iterable<string>): string {
  const sorted = [...new Set(ids)].sort();
  const out = new ByteWriter();
  out.varint(IDS_VERSION);
  out.varint(sorted.length);
  const encoder = new TextEncoder();
  let previous = new Uint8Array();
  for (const id of sorted) {
    const bytes = encoder.encode(id);
    let shared = 0;
    while (shared < bytes.length && shared < previous.length && bytes[shared] === previous[shared]) shared++;
    out.varint(shared);
    out.varint(bytes.length - shared);
    out.bytes.push(...bytes.subarray(shared));
    previous = bytes;
  }
  return toBase64Url(out.bytes);
}

/** Reads what packIds wrote, at most `limit` ids; undefined for anything else. */
export function unpackIds(text: string, limit: number): string[] | undefined {
  try {
    const reader = new ByteReader(fromBase64Url(text));
    if (reader.varint() !== IDS_VERSION) return undefined;
    const count = Math.min(reader.varint(), limit);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const ids: string[] = [];
    let previous = new Uint8Array();
    for (let i = 0; i < count; i++) {
      const shared = reader.varint();
      if (shared > previous.length) return undefined;
      const rest = reader.skip(reader.varint());
      const bytes = new Uint8Array(shared + rest.length);
      bytes.set(previous.subarray(0, shared));
      bytes.set(rest, shared);
      ids.push(decoder.decode(bytes));
      previous = bytes;
    }
    return ids;
  } catch {
    return undefined;
  }
}
