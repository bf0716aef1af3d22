/**
 * Few-shot inputs (pure): k exemplars of the same template and split before the example, inside a
 * character budget, and FLAN's template types (zero-/few-shot, with or without options).
 */
import type { SeededRandom } from "./prng";

export interface RenderedPair {
  input: string;
  target: string;
}

export interface FewShotFormat {
  /** Between exemplars, and between the last exemplar and the example's input. */
  separator: string;
  /** Between an exemplar's input and its target. */
  exemplarJoiner: string;
  /** Budget of the whole input in code points. */
  maxInputChars: number;
}

export type FlanTemplateType = "zs_opt" | "zs_noopt" | "fs_opt" | "fs_noopt";

const SURROGATE = /[\uD800-\uDFFF]/;

/** Length in code points (as Python's len), not UTF-16 units. */
export function codePointLength(s: string): number {
  // the usual text has no astral characters: a native scan says so (the loop below was 4% of a build)
  if (!SURROGATE.test(s)) return s.length;
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const p = s.charCodeAt(i - 1);
      if (p >= 0xd800 && p <= 0xdbff) n--;
    }
  }
  return n;
}

/**
 * The input with as many of the exemplars (in the given order) as fit the budget: exemplars are
 * dropped from the end, never cut. The example's own input is never cut either: when it alone is
 * over the budget, it comes with no exemplar.
 */
export function assembleFewShot(example: string, exemplars: readonly RenderedPair[], format: FewShotFormat): { inputs: string; shots: number } {
  const sepLen = codePointLength(format.separator);
  const joinLen = codePointLength(format.exemplarJoiner);
  let length = codePointLength(example);
  let shots = 0;
  for (const e of exemplars) {
    const add = codePointLength(e.input) + joinLen + codePointLength(e.target) + sepLen;
    if (length + add > format.maxInputChars) break;
    length += add;
    shots++;
  }
  if (shots === 0) return { inputs: example, shots: 0 };
  const parts = exemplars.slice(0, shots).map((e) => e.input + format.exemplarJoiner + e.target);
  parts.push(example);
  return { inputs: parts.join(format.separator), shots };
}

/**
 * `k` distinct positions in [0, size) drawn with the generator, skipping `exclude` (the example's
 * own position in the pool, or -1). Fewer when the pool is smaller.
 */
export function drawExemplars(size: number, k: number, exclude: number, rng: SeededRandom): number[] {
  const available = size - (exclude >= 0 && exclude < size ? 1 : 0);
  const want = Math.min(k, available);
  if (want <= 0) return [];
  if (want * 2 <= available) {
    const picked: number[] = [];
    const seen = new Set<number>();
    while (picked.length < want) {
      const i = rng.below(size);
      if (i === exclude || seen.has(i)) continue;
      seen.add(i);
      picked.push(i);
    }
    return picked;
  }
  // partial Fisher-Yates over the candidates when k is a large part of the pool
  const candidates: number[] = [];
  for (let i = 0; i < size; i++) if (i !== exclude) candidates.push(i);
  for (let i = 0; i < want; i++) {
    const j = i + rng.below(candidates.length - i);
    [candidates[i], candidates[j]] = [candidates[j], candidates[i]];
  }
  return candidates.slice(0, want);
}

/** FLAN's options suffix: the answer choices listed after the input. */
export function optionsSuffix(choices: readonly string[]): string {
  return "\n\nOPTIONS:\n- " + choices.join("\n- ");
}

export function flanTemplateType(shots: number, withOptions: boolean): FlanTemplateType {
  return `${shots > 0 ? "fs" : "zs"}_${withOptions ? "opt" : "noopt"}`;
}
