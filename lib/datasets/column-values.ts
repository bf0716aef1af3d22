/**
 * What a ClassLabel check needs to know of one top-level column, gathered while the rows stream
 * past, so that marking a column as a ClassLabel (in the upload preview, on every keystroke of
 * the names, and again on the server) never re-reads the rows, yet names the first row that
 * does not fit, exactly as a scan of the rows would:
 * - integers: the first row holding each value in [0, MAX_CLASS_NAMES) and the first row holding
 *   any other integer but -1 (no ClassLabel of at most MAX_CLASS_NAMES names takes it);
 * - strings: each distinct text (trimmed, as names are) and its first row, until there are more
 *   than MAX_CLASS_NAMES of them (then no ClassLabel can name them all).
 * Memory is bounded by MAX_CLASS_NAMES entries per column, whatever the number of rows.
 */
import type { PyDict, PyValue } from "@/lib/render/values";
import { classLabelNamesSchemaLimits } from "./features";

export const MAX_CLASS_NAMES = classLabelNamesSchemaLimits.maxNames;

export class ColumnValues {
  /** integer value in [0, MAX_CLASS_NAMES) -> first row holding it */
  readonly small = new Map<number, number>();
  /** the first row holding an integer outside [-1, MAX_CLASS_NAMES) */
  outside: { row: number; value: number } | null = null;
  /** trimmed text -> first row holding it; null once there are more than MAX_CLASS_NAMES */
  strings: Map<string, number> | null = new Map();

  add(v: PyValue | undefined, row: number): void {
    if (typeof v === "number") {
      if (v === -1) return;
      if (v >= 0 && v < MAX_CLASS_NAMES) {
        if (!this.small.has(v)) this.small.set(v, row);
      } else if (this.outside === null) {
        this.outside = { row, value: v };
      }
    } else if (typeof v === "string" && this.strings !== null) {
      const t = v.trim();
      if (!this.strings.has(t)) {
        if (this.strings.size >= MAX_CLASS_NAMES) this.strings = null;
        else this.strings.set(t, row);
      }
    }
  }

  /** The first row whose integer is neither -1 nor an index of `count` names. */
  firstBadIndex(count: number): { row: number; value: number } | null {
    let best = this.outside;
    for (const [value, row] of this.small) {
      if (value >= count && (best === null || row < best.row)) best = { row, value };
    }
    return best;
  }

  /** The first row whose text is not one of `names` (trimmed); "too-many" when the texts cannot all be named. */
  firstUnnamed(names: ReadonlySet<string> | ReadonlyMap<string, unknown>): { row: number; value: string } | "too-many" | null {
    if (this.strings === null) return "too-many";
    let best: { row: number; value: string } | null = null;
    for (const [value, row] of this.strings) {
      if (!names.has(value) && (best === null || row < best.row)) best = { row, value };
    }
    return best;
  }

  /** The distinct texts sorted as `datasets`' class_encode_column sorts them; null when there are too many. */
  distinctTexts(): string[] | null {
    if (this.strings === null) return null;
    return [...this.strings.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

/** Adds one row's top-level values to the per-column records. */
export function addColumnValues(columns: Map<string, ColumnValues>, value: PyDict, row: number): void {
  for (const [k, v] of value.entriesView()) {
    const key = String(k);
    let c = columns.get(key);
    if (!c) columns.set(key, (c = new ColumnValues()));
    c.add(v, row);
  }
}
