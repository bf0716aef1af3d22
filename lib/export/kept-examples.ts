/**
 * What a P3 task keeps of each example for its score-eval file, beside the example's input (kept
 * in a ByteArena): where the input is, the answer choices, and which of them is correct.
 *
 * Kept in columns of typed arrays rather than an object and a list of booleans per example: they
 * live until the score-eval file is written, after all of a split's renders, so each object was
 * copied twice by V8's young-generation collections and promoted; a worker kept about a million of
 * them in a bench export. The columns are reused from task to task (`reset`).
 */
import { sameList, writeCorrectChoices } from "./records";

function grown<T extends Int32Array | Uint8Array>(a: T, need: number, make: (n: number) => T): T {
  if (need <= a.length) return a;
  const b = make(Math.max(need, 2 * a.length));
  b.set(a);
  return b;
}

export class KeptExamples {
  length = 0;
  /** per example: its worker block, where its input is in the arena and its length, its choice list, its first flag */
  private block = new Int32Array(256);
  private at = new Int32Array(256);
  private bytes = new Int32Array(256);
  private list = new Int32Array(256);
  private flagsFrom = new Int32Array(256);
  /** the choice lists, each one once in a row of examples with equal lists (most templates' choices do not change) */
  private readonly lists: (string[] | null)[] = [];
  /** per example and choice: 1 when the choice is the example's target */
  flags = new Uint8Array(1024);
  private flagCount = 0;

  reset(): this {
    this.length = 0;
    this.lists.length = 0;
    this.flagCount = 0;
    return this;
  }

  /** Keeps an example whose input is `bytes` long at `at`, with its choices and target. */
  add(block: number, at: number, bytes: number, choices: string[] | null, targets: string): void {
    const i = this.length++;
    if (i === this.block.length) {
      const n = 2 * i;
      this.block = grown(this.block, n, (m) => new Int32Array(m));
      this.at = grown(this.at, n, (m) => new Int32Array(m));
      this.bytes = grown(this.bytes, n, (m) => new Int32Array(m));
      this.list = grown(this.list, n, (m) => new Int32Array(m));
      this.flagsFrom = grown(this.flagsFrom, n, (m) => new Int32Array(m));
    }
    const lists = this.lists;
    if (lists.length === 0 || !sameList(lists[lists.length - 1], choices)) lists.push(choices);
    const count = choices === null ? 0 : choices.length;
    this.flags = grown(this.flags, this.flagCount + count, (m) => new Uint8Array(m));
    if (choices !== null) writeCorrectChoices(choices, targets, this.flags, this.flagCount);
    this.block[i] = block;
    this.at[i] = at;
    this.bytes[i] = bytes;
    this.list[i] = lists.length - 1;
    this.flagsFrom[i] = this.flagCount;
    this.flagCount += count;
  }

  blockOf(i: number): number {
    return this.block[i];
  }

  inputAt(i: number): number {
    return this.at[i];
  }

  inputBytes(i: number): number {
    return this.bytes[i];
  }

  choicesOf(i: number): string[] | null {
    return this.lists[this.list[i]];
  }

  /** Where example `i`'s flags start in `flags`. */
  flagsOf(i: number): number {
    return this.flagsFrom[i];
  }
}
