"use client";
import { useState } from "react";
import type { StudioVersion } from "./studio-types";

/** Every version, newest first, with author, time and message; older ones can be restored; any two compared. */
export function VersionHistory({
  versions,
  latest,
  busy,
  onRestore,
  onCompare,
}: {
  versions: StudioVersion[];
  latest: number;
  busy: boolean;
  onRestore(number: number): void;
  onCompare(older: number, newer: number): void;
}) {
  const newestFirst = [...versions].sort((a, b) => b.number - a.number);
  const [older, setOlder] = useState(String(newestFirst[1]?.number ?? newestFirst[0]?.number ?? 1));
  const [newer, setNewer] = useState(String(newestFirst[0]?.number ?? 1));
  return (
    <>
      {versions.length > 1 ? (
        <form
          className="compare-form"
          aria-label="Compare versions"
          onSubmit={(e) => {
            e.preventDefault();
            const [a, b] = [Number(older), Number(newer)];
            onCompare(Math.min(a, b), Math.max(a, b));
          }}
        >
          <label className="small">
            Compare version{" "}
            <select value={older} onChange={(e) => setOlder(e.target.value)} aria-label="Older version">
              {newestFirst.map((v) => (
                <option key={v.number} value={v.number}>
                  {v.number}
                </option>
              ))}
            </select>
          </label>
          <label className="small">
            with version{" "}
            <select value={newer} onChange={(e) => setNewer(e.target.value)} aria-label="Newer version">
              {newestFirst.map((v) => (
                <option key={v.number} value={v.number}>
                  {v.number}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="secondary small">
            Compare
          </button>
        </form>
      ) : null}
      <ol className="list-plain version-history" data-testid="version-history" reversed>
        {newestFirst.map((v) => (
          <li key={v.number}>
            <div className="version-row">
              <strong>Version {v.number}</strong>
              {v.number === latest ? (
                <span className="badge">latest</span>
              ) : (
                <span className="studio-actions">
                  <button type="button" className="secondary small" onClick={() => onCompare(v.number, latest)} aria-label={`Compare version ${v.number} with the latest`}>
                    Compare with latest
                  </button>
                  <button type="button" className="secondary small" disabled={busy} onClick={() => onRestore(v.number)} aria-label={`Restore version ${v.number}`}>
                    Restore
                  </button>
                </span>
              )}
            </div>
            <div className="muted small">
              {v.author.name ?? "unknown"} · <time dateTime={v.createdAt}>{v.createdAt.slice(0, 16).replace("T", " ")} UTC</time>
            </div>
            {v.message ? <div className="small">{v.message}</div> : null}
          </li>
        ))}
      </ol>
    </>
  );
}
