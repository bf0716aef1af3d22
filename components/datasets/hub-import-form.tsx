"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { isClassLabel, normalizeFeatures, type Features } from "@/lib/datasets/features";
import { parsePyJson } from "@/lib/render/py-json";
import { PyDict } from "@/lib/render/values";
import { FeatureTree } from "./feature-tree";
import { ValueView } from "./value-view";
import "./datasets.css";

interface Lookup {
  dataset: string;
  configs: {
    config: string;
    features: Features;
    /** the first rows of the config's first split (/first-rows), as JSON texts */
    preview: { split: string; rows: string[] } | null;
    splits: { name: string; numExamples: number | null }[];
  }[];
  moreConfigs: number;
  maxRows: number;
}

type Progress =
  | { phase: "info"; dataset: string; config: string }
  | { phase: "rows"; split: string; fetched: number; target: number }
  | { phase: "retry"; path: string; attempt: number; waitMs: number; reason: string }
  | { phase: "saving" };

function progressText(p: Progress): string {
  switch (p.phase) {
    case "info":
      return `Reading ${p.dataset} (${p.config}): splits and features…`;
    case "rows":
      return `${p.split}: ${p.fetched.toLocaleString("en")} of ${p.target.toLocaleString("en")} rows`;
    case "retry":
      return `The Hub is busy (${p.reason}); retry ${p.attempt} in ${(p.waitMs / 1000).toFixed(1)} s…`;
    case "saving":
      return "Saving the rows…";
  }
}

/**
 * Fetch sample rows from the Hugging Face Hub: look the dataset up (configs, splits, features),
 * choose a config, splits and how many rows, then fetch with live progress (a stream of JSON lines).
 */
export function HubImportForm({ defaultDataset, defaultConfig, maxRows }: { defaultDataset: string; defaultConfig: string | null; maxRows: number }) {
  const router = useRouter();
  const [token, setToken] = useState("");
  const [lookup, setLookup] = useState<Lookup | null>(null);
  const [config, setConfig] = useState<string>("");
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [rowsPerSplit, setRowsPerSplit] = useState(Math.min(100, maxRows));
  const [busy, setBusy] = useState<"lookup" | "fetch" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);

  async function onLookup(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const dataset = String(new FormData(event.currentTarget).get("hubDataset") ?? "").trim();
    setBusy("lookup");
    setError(null);
    setLookup(null);
    try {
      const response = await fetch("/datasets/import/hub/lookup", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ dataset, token: token || null }),
      });
      const answer = await response.json();
      if (!response.ok) throw new Error(answer?.error?.message ?? `HTTP ${response.status}`);
      const found = answer as Lookup;
      setLookup(found);
      const first = found.configs.find((c) => c.config === defaultConfig) ?? found.configs[0];
      setConfig(first?.config ?? "");
      setChosen(new Set(first?.splits.map((s) => s.name) ?? []));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  }

  async function onFetch() {
    if (!lookup) return;
    setBusy("fetch");
    setError(null);
    setProgress(null);
    try {
      const response = await fetch("/datasets/import/hub", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ dataset: lookup.dataset, config, splits: [...chosen], maxRows: rowsPerSplit, token: token || null }),
      });
      if (!response.ok || !response.body) {
        const answer = await response.json().catch(() => null);
        throw new Error(answer?.error?.message ?? `HTTP ${response.status}`);
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let nl: number;
        while ((nl = buffer.indexOf("\n")) !== -1) {
          const line = JSON.parse(buffer.slice(0, nl));
          buffer = buffer.slice(nl + 1);
          if (line.type === "progress") setProgress(line as Progress);
          else if (line.type === "error") throw new Error(line.message);
          else if (line.type === "done") {
            router.push(`/datasets/${line.datasetId}`);
            router.refresh();
            return;
          }
        }
      }
      throw new Error("The connection closed before the import finished");
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  }

  const current = lookup?.configs.find((c) => c.config === config);
  const pct = progress?.phase === "rows" && progress.target > 0 ? Math.round((100 * progress.fetched) / progress.target) : null;

  return (
    <div>
      <form className="form" onSubmit={onLookup} aria-label="Look up a Hub dataset">
        <div className="field">
          <label htmlFor="hubDataset">Hub dataset</label>
          <input id="hubDataset" name="hubDataset" defaultValue={defaultDataset} placeholder="e.g. super_glue or owner/name" required />
        </div>
        <div className="field">
          <label htmlFor="hubToken">Access token (optional, for gated datasets; not stored)</label>
          <input id="hubToken" type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />
        </div>
        <div>
          <button type="submit" className="secondary" disabled={busy !== null}>
            {busy === "lookup" ? "Looking up…" : "Look up"}
          </button>
        </div>
      </form>
      {error ? (
        <div className="alert alert-error" role="alert" style={{ marginTop: "0.75rem" }}>
          {error}
        </div>
      ) : null}
      {lookup && current ? (
        <section className="import-preview" aria-label="Hub dataset">
          <div className="field">
            <label htmlFor="hubConfig">Config</label>
            <select
              id="hubConfig"
              value={config}
              onChange={(e) => {
                setConfig(e.target.value);
                setChosen(new Set(lookup.configs.find((c) => c.config === e.target.value)?.splits.map((s) => s.name) ?? []));
              }}
            >
              {lookup.configs.map((c) => (
                <option key={c.config} value={c.config}>
                  {c.config}
                </option>
              ))}
            </select>
            {lookup.moreConfigs ? <span className="muted small">and {lookup.moreConfigs} more configs not listed</span> : null}
          </div>
          <fieldset>
            <legend>Splits</legend>
            {current.splits.map((s) => (
              <label key={s.name} style={{ display: "block" }}>
                <input
                  type="checkbox"
                  checked={chosen.has(s.name)}
                  onChange={(e) => {
                    const next = new Set(chosen);
                    if (e.target.checked) next.add(s.name);
                    else next.delete(s.name);
                    setChosen(next);
                  }}
                />{" "}
                {s.name} <span className="muted small">({s.numExamples === null ? "size unknown" : `${s.numExamples.toLocaleString("en")} rows`})</span>
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="hubRows">Rows per split (at most {lookup.maxRows.toLocaleString("en")})</label>
            <input id="hubRows" type="number" min={1} max={lookup.maxRows} value={rowsPerSplit} onChange={(e) => setRowsPerSplit(Math.max(1, Math.min(lookup.maxRows, Number(e.target.value) || 1)))} />
          </div>
          <h4>Features</h4>
          <FeatureTree features={current.features} />
          {current.preview ? <HubPreview features={current.features} preview={current.preview} /> : null}
          <p className="small muted">Fetched splits replace the rows already stored for those splits.</p>
          <button type="button" onClick={onFetch} disabled={busy !== null || chosen.size === 0}>
            {busy === "fetch" ? "Fetching…" : `Fetch rows from ${lookup.dataset}`}
          </button>
          {progress ? (
            <div className="hub-progress" role="status" style={{ marginTop: "0.75rem" }}>
              <div>{progressText(progress)}</div>
              {pct !== null ? <progress max={100} value={pct} aria-label="Fetched rows" /> : null}
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

/** The first rows of a split as the Hub's /first-rows gives them, before anything is fetched. */
function HubPreview({ features, preview }: { features: Features; preview: { split: string; rows: string[] } }) {
  const values = preview.rows.map((t) => parsePyJson(t)).filter((v): v is PyDict => v instanceof PyDict);
  const normalized = normalizeFeatures(features);
  const columns = [...new Set([...Object.keys(normalized), ...values.flatMap((v) => [...v.keys()].map(String))])];
  if (values.length === 0) return null;
  return (
    <>
      <h4>First rows of {preview.split}</h4>
      <div className="table-wrap">
        <table className="rows-table" data-testid="hub-preview">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {values.map((v, i) => (
              <tr key={i}>
                {columns.map((c) => {
                  const f = normalized[c];
                  return (
                    <td key={c}>
                      <ValueView value={v.get(c)} classNames={isClassLabel(f) ? f.names : null} />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
