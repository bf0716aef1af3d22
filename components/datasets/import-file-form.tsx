"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import { isClassLabel, isValue, type Features } from "@/lib/datasets/features";
import { formatBytes, type ImportLimits } from "@/lib/datasets/limits";
import { parseFile } from "@/lib/datasets/parse-file";
import type { ParsedFile } from "@/lib/datasets/parsed-rows";
import { namesFromText, previewRows, type ClassLabelEdits } from "@/lib/datasets/prepare-import";
import { FeatureTree } from "./feature-tree";
import { ValueView } from "./value-view";
import "./datasets.css";

const PREVIEW_ROWS = 5;

type ColumnEdit = { on: boolean; names: string };

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Columns that can become a ClassLabel: integers (kept) and strings (converted to indexes). */
function labelCandidates(features: Features): { column: string; kind: "int" | "string" | "label" }[] {
  return Object.entries(features).flatMap(([column, f]): { column: string; kind: "int" | "string" | "label" }[] => {
    if (isClassLabel(f)) return [{ column, kind: "label" as const }];
    if (isValue(f) && /^u?int\d+$/.test(f.dtype)) return [{ column, kind: "int" as const }];
    if (isValue(f) && f.dtype === "string") return [{ column, kind: "string" as const }];
    return [];
  });
}

/**
 * Upload: choose a file, see what will be stored (features, first rows, how values were typed),
 * mark columns as ClassLabel, then import. The file is parsed here for the preview and again on
 * the server, which alone decides.
 */
export function ImportFileForm({
  limits,
  datasetId,
  existingSplits,
}: {
  limits: ImportLimits;
  /** add to this dataset; null: create a new one */
  datasetId: string | null;
  existingSplits: string[];
}) {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [parsed, setParsed] = useState<ParsedFile | null>(null);
  const [parseError, setParseError] = useState<string | null>(null);
  const [parsing, setParsing] = useState(false);
  const [edits, setEdits] = useState<Record<string, ColumnEdit>>({});
  const [split, setSplit] = useState("train");
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);

  async function onFile(f: File | null) {
    setFile(f);
    setParsed(null);
    setParseError(null);
    setSaveError(null);
    setEdits({});
    if (!f) return;
    setParsing(true);
    try {
      if (f.size > limits.maxBytes) throw new Error(`${f.name} is ${formatBytes(f.size)}; files up to ${formatBytes(limits.maxBytes)} can be imported`);
      const result = await parseFile({ fileName: f.name, bytes: new Uint8Array(await f.arrayBuffer()), limits });
      setParsed(result);
      const initial: Record<string, ColumnEdit> = {};
      for (const c of labelCandidates(result.features)) {
        const f2 = result.features[c.column];
        // A text column's names default to its distinct texts, sorted (datasets' class_encode_column).
        const names = isClassLabel(f2) ? f2.names : c.kind === "string" ? (result.columns.get(c.column)?.distinctTexts() ?? []) : [];
        initial[c.column] = { on: c.kind === "label", names: names.join("\n") };
      }
      setEdits(initial);
    } catch (e) {
      setParseError(errorText(e));
    } finally {
      setParsing(false);
    }
  }

  const classLabels: ClassLabelEdits = useMemo(
    () =>
      Object.fromEntries(
        Object.entries(edits)
          .filter(([, e]) => e.on)
          .map(([column, e]) => [column, namesFromText(e.names)]),
      ),
    [edits],
  );

  const prepared = useMemo(() => {
    if (!parsed) return null;
    try {
      return { ok: true as const, ...previewRows(parsed, classLabels) };
    } catch (e) {
      return { ok: false as const, error: errorText(e) };
    }
  }, [parsed, classLabels]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file || !parsed || !prepared?.ok) return;
    const form = new FormData(event.currentTarget);
    setSaving(true);
    setSaveError(null);
    try {
      const options = {
        datasetId,
        create: datasetId
          ? null
          : { name: String(form.get("name") ?? ""), subset: String(form.get("subset") ?? "") || null, description: String(form.get("description") ?? "") },
        split,
        replace: form.get("replace") === "on",
        classLabels,
      };
      // The file goes as it is (multipart), not inflated into base64 inside JSON.
      const body = new FormData();
      body.set("options", JSON.stringify(options));
      body.set("file", file, file.name);
      const response = await fetch("/datasets/import/file", { method: "POST", body });
      const answer = (await response.json().catch(() => null)) as { datasetId?: string; error?: { message: string } } | null;
      if (!response.ok || !answer?.datasetId) {
        setSaveError(answer?.error?.message ?? `The import failed (HTTP ${response.status})`);
        return;
      }
      router.push(`/datasets/${answer.datasetId}?split=${encodeURIComponent(split)}`);
      router.refresh();
    } catch (e) {
      setSaveError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  const candidates = parsed ? labelCandidates(parsed.features) : [];
  const columns = prepared?.ok ? Object.keys(prepared.features) : [];

  return (
    <form className="form" onSubmit={onSubmit} aria-label="Upload rows">
      {datasetId ? null : (
        <>
          <div className="field">
            <label htmlFor="name">Dataset name</label>
            <input id="name" name="name" required placeholder="owner/name or name" />
          </div>
          <div className="field">
            <label htmlFor="subset">Subset (optional)</label>
            <input id="subset" name="subset" />
          </div>
          <div className="field">
            <label htmlFor="description">Description (optional)</label>
            <input id="description" name="description" />
          </div>
        </>
      )}
      <div className="field">
        <label htmlFor="split">Split</label>
        <input id="split" name="split" value={split} onChange={(e) => setSplit(e.target.value)} list="known-splits" required />
        <datalist id="known-splits">
          {["train", "validation", "test", ...existingSplits.filter((s) => !["train", "validation", "test"].includes(s))].map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      </div>
      {existingSplits.includes(split) ? (
        <label className="small">
          <input type="checkbox" name="replace" /> Replace the {split} rows already stored (otherwise the new rows are added after them)
        </label>
      ) : null}
      <div className="field">
        <label htmlFor="rows-file">File</label>
        <input id="rows-file" type="file" accept=".jsonl,.ndjson,.json,.csv,.tsv,.parquet" onChange={(e) => onFile(e.target.files?.[0] ?? null)} />
        <span className="muted small">
          JSONL, JSON (an array or the Hub&apos;s {"{"}&quot;rows&quot;: […]{"}"}), CSV, TSV or Parquet; UTF-8; up to {formatBytes(limits.maxBytes)} and{" "}
          {limits.maxRows.toLocaleString("en")} rows.
        </span>
      </div>
      {parsing ? <p role="status">Reading {file?.name}…</p> : null}
      {parseError ? (
        <div className="alert alert-error" role="alert">
          {parseError}
        </div>
      ) : null}
      {parsed ? (
        <section className="import-preview" aria-label="Preview">
          <h3>
            Preview: {parsed.rows.length.toLocaleString("en")} row{parsed.rows.length === 1 ? "" : "s"} from {parsed.fileName}
          </h3>
          <ul className="small muted">
            {parsed.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
          {candidates.length ? (
            <fieldset className="column-edits">
              <legend>ClassLabel columns</legend>
              <p className="small muted">
                An integer column keeps its values (indexes into the names, -1 for no label). A text column is converted: each value is stored as the index of its name.
                Names go one per line; their order gives the indexes (line 1 is 0).
              </p>
              {candidates.map(({ column, kind }) => {
                const e = edits[column] ?? { on: false, names: "" };
                return (
                  <div className="column-edit" key={column}>
                    <label>
                      <input
                        type="checkbox"
                        checked={e.on}
                        onChange={(ev) => setEdits({ ...edits, [column]: { ...e, on: ev.target.checked } })}
                      />{" "}
                      <code>{column}</code> is a ClassLabel
                      <span className="muted small"> ({kind === "string" ? "text, will be converted" : kind === "int" ? "integers" : "from the file"})</span>
                    </label>
                    {e.on ? (
                      <textarea
                        aria-label={`Class names for ${column} (one per line, in index order)`}
                        value={e.names}
                        rows={Math.min(8, Math.max(2, e.names.split("\n").length))}
                        placeholder={"negative\npositive"}
                        onChange={(ev) => setEdits({ ...edits, [column]: { ...e, names: ev.target.value } })}
                      />
                    ) : null}
                  </div>
                );
              })}
            </fieldset>
          ) : null}
          {prepared && !prepared.ok ? (
            <div className="alert alert-error" role="alert">
              {prepared.error}
            </div>
          ) : null}
          {prepared?.ok ? (
            <>
              <h4>Features</h4>
              <FeatureTree features={prepared.features} />
              <h4>First rows</h4>
              <div className="table-wrap">
                <table className="rows-table" data-testid="preview-rows">
                  <thead>
                    <tr>
                      <th className="num">#</th>
                      {columns.map((c) => (
                        <th key={c} scope="col">
                          {c}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {prepared.sample.slice(0, PREVIEW_ROWS).map((value, i) => (
                      <tr key={i}>
                        <td className="num muted">{i}</td>
                        {columns.map((c) => {
                          const f = prepared.features[c];
                          return (
                            <td key={c}>
                              <ValueView value={value.get(c)} classNames={isClassLabel(f) ? f.names : null} />
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : null}
        </section>
      ) : null}
      {saveError ? (
        <div className="alert alert-error" role="alert">
          {saveError}
        </div>
      ) : null}
      <div>
        <button type="submit" disabled={!prepared?.ok || saving}>
          {saving ? "Importing…" : parsed ? `Import ${parsed.rows.length.toLocaleString("en")} rows into ${split || "…"}` : "Import rows"}
        </button>
      </div>
    </form>
  );
}
