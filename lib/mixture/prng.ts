/**
 * Seeded hashing and random numbers for mixtures: everything random in a mixture (which rows,
 * which are few-shot, which exemplars, the shuffle order) derives from the seed and the identity
 * of what is drawn, never from processing order, so any subset of the work (a shard) reproduces
 * exactly the decisions the whole run makes.
 */

/** 32-bit murmur3-style hash of a string's UTF-16 units with a seed. */
function hash32(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    let k = Math.imul(text.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= text.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 64-bit key as two uint32 halves. */
export interface Key64 {
  hi: number;
  lo: number;
}

/** A 64-bit hash of the seed and the parts (joined unambiguously). */
export function hashKey(seed: number, ...parts: (string | number)[]): Key64 {
  const text = `${seed}\u0000${parts.join("\u0000")}`;
  return { hi: hash32(text, 0x9747b28c), lo: hash32(text, 0x5bd1e995) };
}

/** 16 lowercase hex digits: sorts as the 64-bit number does. */
export function keyHex(k: Key64): string {
  return k.hi.toString(16).padStart(8, "0") + k.lo.toString(16).padStart(8, "0");
}

/** sfc32: a small, fast generator with a 128-bit state, seeded from a hash of the seed and parts. */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, ...parts: (string | number)[]) {
    const k1 = hashKey(seed, ...parts, "a");
    const k2 = hashKey(seed, ...parts, "b");
    this.a = k1.hi;
    this.b = k1.lo;
    this.c = k2.hi;
    this.d = k2.lo | 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1) with 53 random bits. */
  nextFloat(): number {
    return ((this.nextUint32() >>> 5) * 67108864 + (this.nextUint32() >>> 6)) / 9007199254740992;
  }

  /** An integer in [0, n), unbiased (n ≤ 2**32). */
  below(n: number): number {
    if (n <= 0) throw new RangeError("below(n) needs n > 0");
    const limit = 4294967296 - (4294967296 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }
}
