"use client";
import { useState } from "react";
import { clampRowCount, DEFAULT_PREVIEW_ROWS, MAX_PREVIEW_ROWS, parseRowIndexes, sampleIndexes } from "@/lib/preview/row-selection";

export interface SplitOption {
  name: string;
  rowCount: number;
}

/** What the controls ask for: a page of a split, or rows by index (random samples become indexes). */
export interface RowRequest {
  split: string;
  offset?: number;
  limit?: number;
  indexes?: number[];
  /** How the rows were chosen, in words, for the preview's status line. */
  description: string;
}

type Mode = "first" | "random" | "indexes";

/** Which rows the live preview renders: the split, the first N, N at random, or rows by index. */
export function PreviewControls({ splits, busy, onApply }: { splits: SplitOption[]; busy: boolean; onApply(request: RowRequest): void }) {
  const [split, setSplit] = useState(splits[0]?.name ?? "");
  const [mode, setMode] = useState<Mode>("first");
  const [count, setCount] = useState(String(DEFAULT_PREVIEW_ROWS));
  const [indexesText, setIndexesText] = useState("");
  const [problems, setProblems] = useState<string[]>([]);
  const rowCount = splits.find((s) => s.name === split)?.rowCount ?? 0;

  const apply = () => {
    const n = clampRowCount(Number(count));
    setCount(String(n));
    if (mode === "indexes") {
      const parsed = parseRowIndexes(indexesText, rowCount);
      setProblems(parsed.problems);
      if (parsed.indexes.length === 0) {
        if (parsed.problems.length === 0) setProblems(["Enter row indexes, e.g. 0, 4, 10-12."]);
        return;
      }
      onApply({ split, indexes: parsed.indexes, description: `${split} rows ${parsed.indexes.join(", ")}` });
      return;
    }
    setProblems([]);
    if (mode === "random") {
      const indexes = sampleIndexes(n, rowCount, Math.random);
      onApply({ split, indexes, description: `${indexes.length} random ${split} rows` });
    } else {
      onApply({ split, offset: 0, limit: n, description: `the first ${Math.min(n, rowCount)} ${split} rows` });
    }
  };

  if (splits.length === 0) return null;
  return (
    <form
      className="preview-controls"
      aria-label="Preview rows"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <label className="small">
        Split{" "}
        <select value={split} onChange={(e) => setSplit(e.target.value)}>
          {splits.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name} ({s.rowCount} rows)
            </option>
          ))}
        </select>
      </label>
      <fieldset className="preview-modes">
        <legend className="visually-hidden">Which rows</legend>
        {(
          [
            ["first", "First rows"],
            ["random", "Random rows"],
            ["indexes", "Rows by index"],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="small">
            <input type="radio" name="preview-mode" value={value} checked={mode === value} onChange={() => setMode(value)} /> {label}
          </label>
        ))}
      </fieldset>
      {mode === "indexes" ? (
        <label className="small">
          Row indexes{" "}
          <input type="text" value={indexesText} size={14} placeholder="0, 4, 10-12" onChange={(e) => setIndexesText(e.target.value)} aria-invalid={problems.length > 0 ? true : undefined} />
        </label>
      ) : (
        <label className="small">
          Number of rows{" "}
          <input type="number" min={1} max={MAX_PREVIEW_ROWS} value={count} onChange={(e) => setCount(e.target.value)} style={{ width: "4.5rem" }} />
        </label>
      )}
      <button type="submit" className="small" disabled={busy}>
        Preview
      </button>
      {problems.length > 0 ? (
        <p className="field-error small" role="alert">
          {problems.join("; ")}.
        </p>
      ) : null}
    </form>
  );
}
