/**
 * Per-render state: the RNG and the resource limits. Every loop iteration, call and output write
 * charges steps; the wall clock is read every 1,024 steps so the check stays cheap.
 */
import { PyRandom } from "./py-random";
import type { RowCuts } from "./row-cuts";
import { PyError } from "./values";

export interface RenderLimits {
  /** evaluation steps (statements, loop iterations, calls, items processed by filters) */
  maxSteps: number;
  /** characters of output, and the size of any string or list a template builds */
  maxOutputChars: number;
  /** nesting of macro calls and of expressions */
  maxDepth: number;
  /** wall time of one render, in milliseconds */
  timeoutMs: number;
}

export const DEFAULT_LIMITS: RenderLimits = Object.freeze({
  maxSteps: 5_000_000,
  maxOutputChars: 4_000_000,
  maxDepth: 200,
  timeoutMs: 5_000,
});

export function limitError(message: string): PyError {
  return new PyError("RenderLimitError", message);
}

export class Runtime {
  steps = 0;
  /** characters written to the output so far */
  written = 0;
  depth = 0;
  /** the long texts of the row being rendered, cut once (row-cuts.ts) */
  rowCuts: RowCuts | null = null;
  private nextClock = 1024;
  private readonly deadline: number;
  readonly maxSize: number;

  /**
   * Seeding MT19937 costs about 10 µs and most templates never draw: the seed is applied at the
   * first draw instead, which gives the same sequence.
   */
  constructor(
    private readonly rng: PyRandom,
    readonly limits: RenderLimits,
    private pendingSeed: number | null = null,
  ) {
    this.deadline = Date.now() + limits.timeoutMs;
    this.maxSize = limits.maxOutputChars;
  }

  get random(): PyRandom {
    if (this.pendingSeed !== null) {
      this.rng.seed(this.pendingSeed);
      this.pendingSeed = null;
    }
    return this.rng;
  }

  /** Charges `n` steps (n ≥ 1). */
  step(n = 1): void {
    this.steps += n;
    if (this.steps >= this.nextClock) this.slowCheck();
  }

  private slowCheck(): void {
    if (this.steps > this.limits.maxSteps)
      throw limitError(`the template took more than ${this.limits.maxSteps} evaluation steps`);
    if (Date.now() > this.deadline) throw limitError(`the template ran longer than ${this.limits.timeoutMs} ms`);
    this.nextClock = this.steps + 1024;
  }

  /** Charges `n` characters written to the output. */
  output(n: number): void {
    this.written += n;
    if (this.written > this.limits.maxOutputChars) throw limitError(`the output exceeds ${this.limits.maxOutputChars} characters`);
  }

  /** Refuses a string or list of `n` characters/items beyond the size limit. */
  checkSize(n: number): void {
    if (n > this.maxSize) throw limitError(`a value of ${n} characters or items exceeds the limit of ${this.maxSize}`);
  }

  enter(): void {
    if (++this.depth > this.limits.maxDepth)
      throw limitError(`nesting deeper than ${this.limits.maxDepth} (recursive macro or deeply nested expression)`);
  }
  leave(): void {
    this.depth--;
  }
}
