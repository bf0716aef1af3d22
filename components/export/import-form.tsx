"use client";

import { useState } from "react";

interface Issue {
  file: string;
  line: number;
  severity: "error" | "warning";
  message: string;
}

interface Report {
  filesSeen: number;
  filesImported: number;
  datasetsCreated: number;
  templatesCreated: number;
  templatesUnchanged: number;
  templatesSkipped: number;
  issues: Issue[];
}

/** Uploads a zip of a PromptSource templates tree to /api/imports and shows the report. */
export function ImportForm({ maxBytes }: { maxBytes: number }) {
  const [pending, setPending] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get("zip");
    if (!(file instanceof File) || file.size === 0) {
      setError("Choose a zip file first");
      return;
    }
    setError(null);
    setReport(null);
    if (file.size > maxBytes) {
      setError(`The file is larger than the upload limit (${Math.round(maxBytes / 1024 / 1024)} MB)`);
      return;
    }
    setPending(true);
    try {
      const response = await fetch("/api/imports", { method: "POST", headers: { "content-type": "application/zip" }, body: file });
      const body = await response.json().catch(() => null);
      if (!response.ok) setError(body?.error?.message ?? `Import failed (${response.status})`);
      else setReport(body as Report);
    } catch {
      setError("The upload did not reach the server");
    } finally {
      setPending(false);
    }
  }

  const errors = report?.issues.filter((i) => i.severity === "error") ?? [];
  const warnings = report?.issues.filter((i) => i.severity === "warning") ?? [];
  return (
    <>
      <form className="form card" onSubmit={submit} aria-label="Import PromptSource templates">
        <label>
          Zip of a PromptSource <code>templates/</code> folder
          <input type="file" name="zip" accept=".zip,application/zip" required />
        </label>
        <div>
          <button type="submit" disabled={pending}>
            {pending ? "Importing…" : "Import"}
          </button>
        </div>
        {error ? (
          <p className="alert alert-error" role="alert">
            {error}
          </p>
        ) : null}
      </form>
      {report ? (
        <section aria-label="Import report">
          <p className="alert alert-ok" role="status">
            {report.templatesCreated} templates imported, {report.templatesUnchanged} already there, {report.templatesSkipped} skipped; {report.filesImported} of{" "}
            {report.filesSeen} files read, {report.datasetsCreated} datasets created.
          </p>
          {errors.length ? <IssueTable title={`Problems (${errors.length})`} issues={errors} /> : null}
          {warnings.length ? <IssueTable title={`Warnings (${warnings.length})`} issues={warnings} /> : null}
        </section>
      ) : null}
    </>
  );
}

function IssueTable({ title, issues }: { title: string; issues: Issue[] }) {
  return (
    <>
      <h2>{title}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>File</th>
              <th>Line</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {issues.map((i, n) => (
              <tr key={n}>
                <td>
                  <code>{i.file}</code>
                </td>
                <td>{i.line || "—"}</td>
                <td>{i.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
