"use client";

import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState, useTransition } from "react";
import type { MixtureRequestInput } from "@/lib/mixture/request";
import type { MixtureJobView } from "@/lib/mixture/views";

type Result<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

export interface MixtureRunProps {
  request: MixtureRequestInput;
  disabled: boolean;
  start: (input: MixtureRequestInput) => Promise<Result<MixtureJobView>>;
  status: (input: { jobId: string }) => Promise<Result<MixtureJobView>>;
  cancel: (input: { jobId: string }) => Promise<Result<MixtureJobView>>;
}

const ACTIVE = new Set<MixtureJobView["status"]>(["queued", "running"]);
const STATUS_LABEL: Record<MixtureJobView["status"], string> = {
  queued: "Queued",
  running: "Building",
  done: "Done",
  failed: "Failed",
  cancelled: "Cancelled",
};

export function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Starts the mixture as a background job, then follows it: progress, cancel, the JSONL and its manifest. */
export function MixtureRun({ request, disabled, start, status, cancel }: MixtureRunProps) {
  const [job, setJob] = useState<MixtureJobView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const router = useRouter();

  const active = job !== null && ACTIVE.has(job.status);
  useEffect(() => {
    if (!job || !ACTIVE.has(job.status)) return;
    const timer = setTimeout(async () => {
      const r = await status({ jobId: job.id });
      if (!r.ok) return setError(r.error.message);
      setJob(r.data);
      // the page's list of recent mixtures shows it too
      if (!ACTIVE.has(r.data.status)) router.refresh();
    }, 600);
    return () => clearTimeout(timer);
  }, [job, status, router]);

  // The manifest lives in the job's record; offered as a file from memory.
  const manifestHref = useMemo(() => {
    if (!job?.manifest) return null;
    return URL.createObjectURL(new Blob([JSON.stringify(job.manifest, null, 2) + "\n"], { type: "application/json" }));
  }, [job?.manifest]);
  useEffect(() => () => void (manifestHref && URL.revokeObjectURL(manifestHref)), [manifestHref]);

  const records = job?.progress.records ?? null;
  const total = job?.progress.totalRecords ?? null;
  return (
    <div className="mixture-run">
      <div className="actions">
        <button
          type="button"
          disabled={disabled || pending || active}
          onClick={() =>
            startTransition(async () => {
              setError(null);
              const r = await start(request);
              if (r.ok) setJob(r.data);
              else setError(r.error.message);
            })
          }
        >
          {active ? "Building…" : "Build mixture"}
        </button>
        {active ? (
          <button
            type="button"
            className="secondary"
            disabled={job.cancelRequested}
            onClick={() =>
              startTransition(async () => {
                const r = await cancel({ jobId: job.id });
                if (r.ok) setJob(r.data);
                else setError(r.error.message);
              })
            }
          >
            {job.cancelRequested ? "Cancelling…" : "Cancel"}
          </button>
        ) : null}
      </div>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      {job ? (
        <div className="mixture-job" role="status" aria-label="Mixture build" aria-live="polite">
          <p>
            <strong>{STATUS_LABEL[job.status]}</strong>
            {records !== null ? (
              <span className="muted">
                {" "}
                · {records.toLocaleString("en")}
                {total !== null ? ` of ${total.toLocaleString("en")}` : ""} examples
              </span>
            ) : null}
            {job.progress.message && job.status === "running" ? <span className="muted"> · {job.progress.message}</span> : null}
          </p>
          {active ? <progress max={total ?? undefined} value={total !== null ? (records ?? 0) : undefined} aria-label="Mixture progress" /> : null}
          {job.error ? <p className="alert alert-error">{job.error}</p> : null}
          {job.status === "done" && job.file ? (
            <ul className="list-plain mixture-downloads">
              <li>
                {job.download ? (
                  <a href={job.download} download={job.file.name}>
                    Mixture (JSONL) {job.file.name}
                  </a>
                ) : (
                  <span className="muted">{job.file.name} (expired: build it again)</span>
                )}{" "}
                <span className="small muted">{formatBytes(job.file.bytes)}</span>
              </li>
              {manifestHref ? (
                <li>
                  <a href={manifestHref} download={job.file.name.replace(/\.jsonl$/, "") + ".manifest.json"}>
                    Manifest
                  </a>{" "}
                  <span className="small muted">parameters, counts, SHA-256 {job.file.sha256.slice(0, 12)}…</span>
                </li>
              ) : null}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
