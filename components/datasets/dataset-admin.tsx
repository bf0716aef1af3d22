"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition, type FormEvent } from "react";
import "./datasets.css";

type Result = { ok: true; data: unknown } | { ok: false; error: { message: string } };

function useRun() {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const run = (call: () => Promise<Result>, done: string) => {
    setMessage(null);
    start(async () => {
      const result = await call();
      setMessage(result.ok ? { error: false, text: done } : { error: true, text: result.error.message });
      if (result.ok) router.refresh();
    });
  };
  return { pending, message, run };
}

function Message({ message }: { message: { error: boolean; text: string } | null }) {
  if (!message) return null;
  return (
    <div className={message.error ? "alert alert-error" : "alert alert-ok"} role={message.error ? "alert" : "status"}>
      {message.text}
    </div>
  );
}

export type LabelColumnKind = "int" | "string" | "label";

export interface ColumnSummary {
  column: string;
  kind: string;
  filled: number;
  texts: string[] | null;
  integers: { values: number[]; outside: boolean } | null;
}

type ClassLabelChange = { names: string[] } | { clear: "integers" | "texts" };

const namesOf = (text: string) =>
  text
    .split(/\r?\n/)
    .map((n) => n.trim())
    .filter((n) => n !== "");

/**
 * Admins: mark a column as a ClassLabel after import. A text column's names start as its distinct
 * texts (sorted) and are edited one per line (order = index); saving converts every stored row. An
 * integer column gets names for its indexes. A ClassLabel can be renamed or undone (back to
 * integers, or back to texts).
 */
export function ClassLabelEditor({
  datasetId,
  columns,
  saveClassLabel,
  loadColumnSummary,
}: {
  datasetId: string;
  columns: { name: string; kind: LabelColumnKind; names: string[] | null }[];
  saveClassLabel: (input: { datasetId: string; column: string; change: ClassLabelChange }) => Promise<Result>;
  loadColumnSummary: (input: { datasetId: string; column: string }) => Promise<{ ok: true; data: ColumnSummary } | { ok: false; error: { message: string } }>;
}) {
  const { pending, message, run } = useRun();
  const [column, setColumn] = useState(columns[0]?.name ?? "");
  const current = columns.find((c) => c.name === column);
  const [names, setNames] = useState(current?.names?.join("\n") ?? "");
  const [summary, setSummary] = useState<{ column: string; data: ColumnSummary } | { column: string; error: string } | null>(null);

  // What the column holds: the default names of a text column, the indexes of an integer one.
  useEffect(() => {
    if (!column) return;
    let cancelled = false;
    void loadColumnSummary({ datasetId, column }).then((r) => {
      if (cancelled) return;
      setSummary(r.ok ? { column, data: r.data } : { column, error: r.error.message });
      const kind = columns.find((c) => c.name === column)?.kind;
      if (r.ok && kind === "string" && r.data.texts) setNames(r.data.texts.join("\n"));
    });
    return () => {
      cancelled = true;
    };
  }, [datasetId, column, columns, loadColumnSummary]);

  if (columns.length === 0) return <p className="small muted">No integer or text columns to mark as ClassLabel.</p>;

  const listed = namesOf(names);
  const shown = summary?.column === column ? summary : null;
  const kind = current?.kind ?? "int";

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    run(
      () => saveClassLabel({ datasetId, column, change: { names: listed } }),
      kind === "string" ? `${column} is now a ClassLabel; its texts were converted to indexes.` : `${column} is now a ClassLabel.`,
    );
  }

  return (
    <form className="form" onSubmit={onSubmit} aria-label="Edit ClassLabel">
      <Message message={message} />
      <div className="field">
        <label htmlFor="cl-column">Column</label>
        <select
          id="cl-column"
          value={column}
          onChange={(e) => {
            setColumn(e.target.value);
            setNames(columns.find((c) => c.name === e.target.value)?.names?.join("\n") ?? "");
          }}
        >
          {columns.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name} ({c.kind === "label" ? "ClassLabel" : c.kind === "string" ? "text" : "integers"})
            </option>
          ))}
        </select>
      </div>
      <p className="small muted" data-testid="column-summary">
        {!shown
          ? "Reading the column…"
          : "error" in shown
            ? shown.error
            : shown.data.texts
              ? `${shown.data.texts.length} different texts in ${shown.data.filled.toLocaleString("en")} rows. Saving converts every row's text to the index of its name.`
              : shown.data.integers
                ? `Values in ${shown.data.filled.toLocaleString("en")} rows: ${shown.data.integers.values.join(", ") || "none"}${shown.data.integers.outside ? ", and values of 1,000 or more (no ClassLabel fits)" : ""}.`
                : shown.data.kind === "string"
                  ? "More than 1,000 different texts: this column cannot be a ClassLabel."
                  : `A ${shown.data.kind} column.`}
      </p>
      <div className="field">
        <label htmlFor="cl-names">Class names, one per line, in index order (the first is 0)</label>
        <textarea id="cl-names" rows={Math.min(10, Math.max(3, listed.length + 1))} value={names} onChange={(e) => setNames(e.target.value)} placeholder={"negative\npositive"} />
        {listed.length ? (
          <span className="small muted" data-testid="class-indexes">
            {listed.map((n, i) => `${i}: ${n}`).join(" · ")}
          </span>
        ) : null}
      </div>
      <div className="inline-form">
        <button type="submit" className="secondary" disabled={pending || listed.length === 0}>
          {pending ? "Saving…" : kind === "string" ? "Convert to ClassLabel" : "Save ClassLabel"}
        </button>
        {kind === "label" ? (
          <>
            <button type="button" className="secondary" disabled={pending} onClick={() => run(() => saveClassLabel({ datasetId, column, change: { clear: "integers" } }), `${column} is now plain integers.`)}>
              Back to integers
            </button>
            <button type="button" className="secondary" disabled={pending} onClick={() => run(() => saveClassLabel({ datasetId, column, change: { clear: "texts" } }), `${column} is now text: each index became its name.`)}>
              Back to texts
            </button>
          </>
        ) : null}
      </div>
    </form>
  );
}

export function TaskCategoryForm({
  datasetId,
  taskCategory,
  suggestions,
  saveTaskCategory,
}: {
  datasetId: string;
  taskCategory: string | null;
  suggestions: readonly string[];
  saveTaskCategory: (input: { datasetId: string; taskCategory: string }) => Promise<Result>;
}) {
  const { pending, message, run } = useRun();
  const [value, setValue] = useState(taskCategory ?? "");
  return (
    <form
      className="form"
      aria-label="Task category"
      onSubmit={(e) => {
        e.preventDefault();
        run(() => saveTaskCategory({ datasetId, taskCategory: value }), value.trim() ? "Task category saved." : "Task category cleared.");
      }}
    >
      <Message message={message} />
      <div className="field">
        <label htmlFor="task-category">Task category (T0 clusters suggested; any text)</label>
        <input id="task-category" list="t0-clusters" value={value} onChange={(e) => setValue(e.target.value)} />
        <datalist id="t0-clusters">
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      </div>
      <div>
        <button type="submit" className="secondary" disabled={pending}>
          {pending ? "Saving…" : "Save task category"}
        </button>
      </div>
    </form>
  );
}
