/** Bytes that differ everywhere (a linear congruential sequence), the same for the same seed: test data for byte copies and checksums. */
export function randomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  return out;
}
