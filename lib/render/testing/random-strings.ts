/**
 * Reproducible random strings for tests of text code (code points, JSON text): a seeded
 * generator, and strings made of chosen pieces (surrogates alone or in pairs, controls, quotes...).
 */

/** A linear congruential generator: the same numbers in [0, 1) for the same seed. */
export function seeded(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

/** Pieces drawn from `pieces` until the string has at least `length` UTF-16 units. */
export function randomString(random: () => number, length: number, pieces: readonly string[]): string {
  let s = "";
  while (s.length < length) s += pieces[Math.floor(random() * pieces.length)];
  return s;
}
