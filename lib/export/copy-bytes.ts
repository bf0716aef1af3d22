/**
 * Bytes copied into or out of shared memory (a SharedArrayBuffer: the workers' output slots,
 * output-slots.ts) at memcpy's speed.
 *
 * Why: V8 copies a typed array to or from a SharedArrayBuffer (`set`, `copyWithin`, `slice`, and
 * Buffer's `copy`, which is `set` in node 20) with relaxed atomic stores, one byte at a time
 * unless both ends are word-aligned, and an export's bytes are at any offset: 3.5-3.8 GB/s,
 * against 20-70 GB/s for the same copies between private buffers (tmp-style microbenchmark,
 * lib/export/README.md "Speed", thirteenth session). A bench export copies about 20 GB into and
 * out of its slots; `perf` put 7% of its CPU in V8's `relaxed_memmove`. Buffer's `fill` with a
 * buffer as its value is node's C++ memcpy (the value is shorter than the range: copied once),
 * for a fixed cost of about 55 ns a call: below SHORT_COPY bytes, `set` is as fast.
 */

const fill = Buffer.prototype.fill;

/** Below this many bytes `set` costs no more than a call to `fill` (shared or not). */
export const SHORT_COPY = 160;

/**
 * Copies `source` into `target` at `at` (room for it is there). `shared`: either side may be
 * shared memory; when both are known to be private, `set` is faster for copies of a few KB.
 */
export function copyBytes(target: Uint8Array, at: number, source: Uint8Array, shared = true): void {
  const n = source.length;
  if (!shared || n < SHORT_COPY) target.set(source, at);
  else fill.call(target as Buffer, source, at, at + n);
}

/**
 * Copies the first `n` bytes of `source` into `target` at `at` (room for them is there). Not
 * `copyBytes(target, at, source.subarray(0, n))`: json-escape.ts copies every string's text out of
 * one view of the module's memory, and a view per string was garbage on the hot path.
 */
export function copyFirst(target: Uint8Array, at: number, source: Uint8Array, n: number, shared = true): void {
  if (n < SHORT_COPY) for (let i = 0; i < n; i++) target[at + i] = source[i];
  // with a value longer than the range, fill copies its first bytes once (node_buffer.cc Fill)
  else if (shared) fill.call(target as Buffer, source, at, at + n);
  else target.set(source.subarray(0, n), at);
}

/** A private copy of `source` (which may be a view of shared memory). */
export function copyOut(source: Uint8Array): Uint8Array {
  const copy = new Uint8Array(source.length);
  copyBytes(copy, 0, source);
  return copy;
}
