"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
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

/** Admins: give an integer column ClassLabel names (checked against every stored row), or clear them. */
export function ClassLabelEditor({
  datasetId,
  columns,
  saveClassLabel,
}: {
  datasetId: string;
  columns: { name: string; names: string[] | null }[];
  saveClassLabel: (input: { datasetId: string; column: string; names: string }) => Promise<Result>;
}) {
  const { pending, message, run } = useRun();
  const [column, setColumn] = useState(columns[0]?.name ?? "");
  const current = columns.find((c) => c.name === column);
  const [names, setNames] = useState(current?.names?.join(", ") ?? "");
  if (columns.length === 0) return <p className="small muted">No integer columns to mark as ClassLabel.</p>;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    run(() => saveClassLabel({ datasetId, column, names }), names.trim() ? `${column} is now a ClassLabel.` : `${column} is now plain integers.`);
  }

  return (
    <form className="form" onSubmit={onSubmit} aria-label="Edit ClassLabel">
      <Message message={message} />
      <div className="field">
        <label htmlFor="cl-column">Integer column</label>
        <select
          id="cl-column"
          value={column}
          onChange={(e) => {
            setColumn(e.target.value);
            setNames(columns.find((c) => c.name === e.target.value)?.names?.join(", ") ?? "");
          }}
        >
          {columns.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
              {c.names ? " (ClassLabel)" : ""}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="cl-names">Class names, comma-separated, in index order (empty: plain integers)</label>
        <input id="cl-names" value={names} onChange={(e) => setNames(e.target.value)} placeholder="negative, positive" />
      </div>
      <div>
        <button type="submit" className="secondary" disabled={pending}>
          {pending ? "Saving…" : "Save ClassLabel"}
        </button>
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
