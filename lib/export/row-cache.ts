/**
 * The rows of one split, read once and replayed for every template while they fit a budget.
 * Every template of a config reads the same rows; parsing them again per template would cost
 * more than rendering. Over the budget the cache is dropped and each pass streams the source
 * again, so memory stays bounded whatever the split's size.
 */
import { prepareRow, type PreparedRow } from "../render/index";
import { PyDict, PyFloat, PyTuple, type PyValue } from "../render/values";
import type { RowsOfSplit } from "./render-task";

export class SplitRows implements RowsOfSplit {
  private complete: PreparedRow[] | null = null;
  /** a pass went over the budget: later passes stream without collecting rows again */
  private tooBig = false;

  constructor(
    private readonly open: () => AsyncIterable<PyDict>,
    private readonly budgetChars: number,
  ) {}

  /** Every row, once a first pass has read them within the budget. */
  cached(): readonly PreparedRow[] | null {
    return this.complete;
  }

  async *stream(): AsyncGenerator<PreparedRow> {
    if (this.complete !== null) {
      yield* this.complete;
      return;
    }
    let keep: PreparedRow[] | null = this.budgetChars > 0 && !this.tooBig ? [] : null;
    let size = 0;
    for await (const row of this.open()) {
      const prepared = prepareRow(row);
      if (keep !== null) {
        size += estimateChars(row);
        if (size > this.budgetChars) {
          keep = null;
          this.tooBig = true;
        }
        else keep.push(prepared);
      }
      yield prepared;
    }
    this.complete = keep;
  }
}

/** estimateChars of the row a prepared row came from (its keys renamed, its texts protected: about the same). */
export function preparedRowChars(row: PreparedRow): number {
  let n = 16;
  row.scope.forEachOwn((key, value) => {
    n += key.length + 8 + estimateChars(value);
  });
  return n;
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
