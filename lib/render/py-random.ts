/**
 * CPython's `random` module, bit for bit: MT19937 (genrand_uint32), `random.seed(int)` via
 * init_by_array over the int's 32-bit words, random(), getrandbits(), _randbelow_with_getrandbits,
 * choice, shuffle, randrange and randint. PromptSource seeds Python's module-level RNG before each
 * apply and templates draw with `choice` / `random`: exports must pick exactly what Python picks.
 * Runs in the browser: no Node imports.
 */
import { PyError } from "./values";

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const TWO_32 = 4294967296;

/*
 * Seeding runs init_by_array over the 624-word state (about 1,900 mixing steps, several µs).
 * Exports seed with seed_base + row index before every (template, row), so the seeds of a
 * split's rows recur for every template: seeded (and already twisted) states are kept, 624 words
 * (2.5 KB) each, and copied back. 1,024 of them (2.5 MB) cover a split of 1,000 rows; with
 * fewer, every template of such a split would seed from scratch again (first in, first out).
 */
const SEEDED_STATES = new Map<number, Uint32Array>();
const SEEDED_STATES_MAX = 1024;

export class PyRandom {
  private readonly mt = new Uint32Array(N);
  private mti = N + 1;

  constructor(seed: number | bigint = 0) {
    this.seed(seed);
  }

  /** random.seed(n) for an int n: init_by_array over the 32-bit words of |n|, least significant first. */
  seed(n: number | bigint): void {
    if (typeof n === "number" && Number.isSafeInteger(n)) {
      const key = Math.abs(n);
      const cached = SEEDED_STATES.get(key);
      if (cached) {
        this.mt.set(cached);
        this.mti = 0;
        return;
      }
      this.seedUncached(key);
      // Twisting now instead of at the first draw gives the same numbers, and the cached
      // state then spares the twist too.
      this.twist();
      if (SEEDED_STATES.size >= SEEDED_STATES_MAX) SEEDED_STATES.delete(SEEDED_STATES.keys().next().value as number);
      SEEDED_STATES.set(key, this.mt.slice());
      return;
    }
    this.seedUncached(n);
  }

  private seedUncached(n: number | bigint): void {
    let big: bigint;
    if (typeof n === "bigint") big = n;
    else {
      if (!Number.isSafeInteger(n)) throw new PyError("TypeError", `seed must be an int, got ${n}`);
      big = BigInt(n);
    }
    if (big < 0n) big = -big;
    const key: number[] = [];
    while (big > 0n) {
      key.push(Number(big & 0xffffffffn));
      big >>= 32n;
    }
    if (key.length === 0) key.push(0);
    this.initByArray(key);
  }

  private initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.mti = N;
  }

  private initByArray(key: readonly number[]): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    const keyLength = key.length;
    for (let k = Math.max(N, keyLength); k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(prev, 1664525)) + key[j] + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= keyLength) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(prev, 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000;
  }

  /** Regenerates the 624 words of state (the first half of genrand_uint32). */
  private twist(): void {
    const mt = this.mt;
    if (this.mti === N + 1) this.initGenrand(5489);
    let kk = 0;
    for (; kk < N - M; kk++) {
      const y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; kk < N - 1; kk++) {
      const y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    const y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
    mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.mti = 0;
  }

  /** genrand_uint32: the next 32 random bits. */
  nextUint32(): number {
    const mt = this.mt;
    if (this.mti >= N) this.twist();
    let y = mt[this.mti++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** random.random(): a 53-bit float in [0, 1). */
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /**
   * random.getrandbits(k) for 0 <= k <= 53 (exact as a JS number). Words are drawn least
   * significant first; the last (or only) word keeps its top bits, as CPython does.
   */
  getrandbits(k: number): number {
    if (!Number.isInteger(k) || k < 0) throw new PyError("ValueError", "number of bits must be non-negative");
    if (k > 53) throw new PyError("OverflowError", "getrandbits(k) supports k <= 53 here; use getrandbitsBig");
    if (k === 0) return 0;
    if (k <= 32) return this.nextUint32() >>> (32 - k);
    const low = this.nextUint32();
    const high = this.nextUint32() >>> (64 - k);
    return high * TWO_32 + low;
  }

  /** random.getrandbits(k) for any k >= 0, as a bigint. */
  getrandbitsBig(k: number): bigint {
    if (!Number.isInteger(k) || k < 0) throw new PyError("ValueError", "number of bits must be non-negative");
    let result = 0n;
    let shift = 0n;
    for (let left = k; left > 0; left -= 32) {
      let r = this.nextUint32();
      if (left < 32) r >>>= 32 - left;
      result |= BigInt(r) << shift;
      shift += 32n;
    }
    return result;
  }

  /** Random._randbelow_with_getrandbits(n): k = n.bit_length() bits, redrawn until < n. n >= 0. */
  randbelow(n: number): number {
    if (!Number.isSafeInteger(n) || n < 0) throw new PyError("ValueError", `randbelow needs a non-negative int, got ${n}`);
    const k = bitLength(n);
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }

  /** random.choice(seq). */
  choice<T>(seq: readonly T[]): T {
    if (seq.length === 0) throw new PyError("IndexError", "Cannot choose from an empty sequence");
    return seq[this.randbelow(seq.length)];
  }

  /** random.shuffle(x), in place. */
  shuffle<T>(x: T[]): void {
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.randbelow(i + 1);
      const t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
  }

  /** random.randrange(start[, stop[, step]]) (Python 3.11 semantics and messages). */
  randrange(start: number, stop?: number | null, step = 1): number {
    for (const v of [start, stop ?? 0, step]) {
      if (!Number.isSafeInteger(v)) throw new PyError("TypeError", `'${v}' cannot be interpreted as an integer`);
    }
    if (stop === undefined || stop === null) {
      if (start > 0) return this.randbelow(start);
      throw new PyError("ValueError", "empty range for randrange()");
    }
    const width = stop - start;
    if (step === 1) {
      if (width > 0) return start + this.randbelow(width);
      throw new PyError("ValueError", `empty range for randrange() (${start}, ${stop}, ${width})`);
    }
    let n: number;
    if (step > 0) n = Math.floor((width + step - 1) / step);
    else if (step < 0) n = Math.floor((width + step + 1) / step);
    else throw new PyError("ValueError", "zero step for randrange()");
    if (n <= 0) throw new PyError("ValueError", "empty range for randrange()");
    return start + step * this.randbelow(n);
  }

  /** random.randint(a, b): randrange(a, b + 1). */
  randint(a: number, b: number): number {
    return this.randrange(a, b + 1);
  }
}

function bitLength(n: number): number {
  if (n === 0) return 0;
  if (n < TWO_32) return 32 - Math.clz32(n);
  return 32 + bitLength(Math.floor(n / TWO_32));
}
