/**
 * The rows of one split, read once and replayed for every template while they fit a budget.
 * Every template of a config reads the same rows; parsing them again per template would cost
 * more than rendering. Over the budget the cache is dropped and each pass streams the source
 * again, so memory stays bounded whatever the split's size.
 */
import { PyDict, PyFloat, PyTuple, type PyValue } from "../render/values";

export class SplitRows {
  private cached: PyDict[] | null = null;

  constructor(
    private readonly open: () => AsyncIterable<PyDict>,
    private readonly budgetChars: number,
  ) {}

  async *rows(): AsyncGenerator<PyDict> {
    if (this.cached !== null) {
      yield* this.cached;
      return;
    }
    let keep: PyDict[] | null = this.budgetChars > 0 ? [] : null;
    let size = 0;
    for await (const row of this.open()) {
      if (keep !== null) {
        size += estimateChars(row);
        if (size > this.budgetChars) keep = null;
        else keep.push(row);
      }
      yield row;
    }
    this.cached = keep;
  }
}

/** A rough size of a parsed row in characters (strings count their length, anything else 8). */
export function estimateChars(v: PyValue): number {
  if (typeof v === "string") return v.length + 8;
  if (Array.isArray(v)) {
    let n = 8;
    for (const x of v) n += estimateChars(x);
    return n;
  }
  if (v instanceof PyDict) {
    let n = 16;
    for (const [k, x] of v.entriesView()) n += estimateChars(k) + estimateChars(x);
    return n;
  }
  if (v instanceof PyTuple) return estimateChars(v.items as PyValue[]);
  if (v instanceof PyFloat) return 8;
  return 8;
}
