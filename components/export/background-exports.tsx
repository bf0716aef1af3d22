"use client";

import { useCallback, useEffect, useState } from "react";
import type { PublicJob } from "@/lib/jobs/types";
import { EXPORT_JOB_STARTED } from "./download-button";
import { EXPORT_FORMAT_LABELS, formatBytes, formatRecords } from "./formats";

const ACTIVE = new Set(["queued", "running"]);
const POLL_MS = 1000;

const STATUS_LABEL: Record<string, string> = { queued: "Queued", running: "Running", done: "Done", failed: "Failed", cancelled: "Cancelled" };

function formatLabel(format: unknown): string {
  return EXPORT_FORMAT_LABELS.find((f) => f.value === format)?.label ?? String(format);
}

/**
 * Background exports: "Run in background" per format starts a job on the server's queue; "Your
 * jobs" lists the signed-in user's export jobs with their records and bytes, polling while one is
 * queued or running. The state lives in the database, so a reload (or another tab) shows the same
 * jobs; Cancel stops a job within about a second; a finished job offers its zip.
 */
export function BackgroundExports({ release, initialJobs }: { release: string | null; initialJobs: PublicJob[] }) {
  const [jobs, setJobs] = useState<PublicJob[]>(initialJobs);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const response = await fetch("/api/jobs?kind=export", { cache: "no-store" });
    if (!response.ok) return;
    const body = (await response.json()) as { items: PublicJob[] };
    setJobs(body.items);
  }, []);

  // a download button that started a job instead of a download (a large export)
  useEffect(() => {
    const added = (e: Event) => {
      const job = (e as CustomEvent<PublicJob>).detail;
      setJobs((current) => [job, ...current.filter((j) => j.id !== job.id)]);
    };
    window.addEventListener(EXPORT_JOB_STARTED, added);
    return () => window.removeEventListener(EXPORT_JOB_STARTED, added);
  }, []);

  const active = jobs.some((j) => ACTIVE.has(j.status));
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => void refresh().catch(() => {}), POLL_MS);
    return () => clearInterval(timer);
  }, [active, refresh]);

  async function start(format: string) {
    setError(null);
    setStarting(format);
    try {
      const response = await fetch("/api/exports/jobs", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ format, release }) });
      const body = await response.json().catch(() => null);
      if (!response.ok) setError(body?.error?.message ?? `Could not start the export (${response.status})`);
      else setJobs((current) => [body as PublicJob, ...current.filter((j) => j.id !== (body as PublicJob).id)]);
    } catch {
      setError("The request did not reach the server");
    } finally {
      setStarting(null);
    }
  }

  async function cancel(id: string) {
    const response = await fetch(`/api/jobs/${id}/cancel`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    const body = await response.json().catch(() => null);
    if (!response.ok) setError(body?.error?.message ?? `Could not cancel (${response.status})`);
    else setJobs((current) => current.map((j) => (j.id === id ? (body as PublicJob) : j)));
  }

  return (
    <section className="card" aria-labelledby="background-exports">
      <h2 id="background-exports">Run in background</h2>
      <p className="muted">
        For large exports: the server builds the zip on its job queue while you do something else. It keeps going if you reload or close this page;
        come back for the download link.
      </p>
      <ul style={{ listStyle: "none", padding: 0, display: "flex", flexWrap: "wrap", gap: "0.5rem" }}>
        {EXPORT_FORMAT_LABELS.map((f) => (
          <li key={f.value}>
            <button type="button" className="secondary small" disabled={starting !== null} onClick={() => start(f.value)}>
              Run in background: {f.label}
            </button>
          </li>
        ))}
      </ul>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      <h3>Your jobs</h3>
      {jobs.length === 0 ? (
        <p className="muted">No background exports yet.</p>
      ) : (
        <div className="table-wrap">
          <table aria-label="Your export jobs">
            <thead>
              <tr>
                <th>Export</th>
                <th>Status</th>
                <th>Progress</th>
                <th>Started</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <JobRow key={job.id} job={job} onCancel={() => void cancel(job.id)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function JobRow({ job, onCancel }: { job: PublicJob; onCancel: () => void }) {
  const records = job.progress.records ?? 0;
  const bytes = job.progress.bytes ?? 0;
  const file = job.result.file;
  const release = typeof job.params.release === "string" ? job.params.release : null;
  return (
    <tr data-job-id={job.id}>
      <td>
        {formatLabel(job.params.format)} <span className="muted">{release ? `release ${release}` : "current pool"}</span>
      </td>
      <td>
        <span role="status" aria-label={`Job status: ${STATUS_LABEL[job.status] ?? job.status}`}>
          {STATUS_LABEL[job.status] ?? job.status}
          {job.status === "running" && job.cancelRequested ? " (cancelling)" : ""}
        </span>
        {job.status === "failed" && job.error ? <div className="alert alert-error">{job.error}</div> : null}
      </td>
      <td>
        {job.status === "queued" ? "waiting for a worker" : `${formatRecords(records, job.progress.totalRecords ?? null)}, ${formatBytes(file?.bytes ?? bytes)}`}
      </td>
      <td>
        {/* UTC, so the server's and the browser's renders agree */}
        <time dateTime={job.startedAt ?? job.createdAt}>{(job.startedAt ?? job.createdAt).slice(11, 19)} UTC</time>
      </td>
      <td>
        {ACTIVE.has(job.status) && !job.cancelRequested ? (
          <button type="button" className="secondary small" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
        {job.status === "done" && file && !file.expired ? (
          <a className="button small" href={`/api/jobs/${job.id}/download`} download={file.name}>
            Download {file.name}
          </a>
        ) : null}
        {job.status === "done" && file?.expired ? <span className="muted">file expired</span> : null}
      </td>
    </tr>
  );
}
