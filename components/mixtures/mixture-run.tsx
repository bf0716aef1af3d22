"use client";

import { useEffect, useState, useTransition } from "react";
import type { MixtureRequestInput } from "@/lib/mixture/request";
import type { MixtureJobView } from "@/lib/mixture/views";

type Result<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

export interface MixtureRunProps {
  request: MixtureRequestInput;
  disabled: boolean;
  start: (input: MixtureRequestInput) => Promise<Result<MixtureJobView>>;
  status: (input: { jobId: string }) => Promise<Result<MixtureJobView>>;
  cancel: (input: { jobId: string }) => Promise<Result<MixtureJobView>>;
  /** a job of this user still running or just finished, shown on arrival */
  initialJob?: MixtureJobView | null;
}

const ACTIVE = new Set(["queued", "running"]);
const STATE_LABEL: Record<MixtureJobView["state"], string> = {
  queued: "Queued",
  running: "Building",
  succeeded: "Done",
  failed: "Failed",
  cancelled: "Cancelled",
};

function bytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Starts the mixture as a background job, then follows it: progress, cancel, downloads. */
export function MixtureRun({ request, disabled, start, status, cancel, initialJob = null }: MixtureRunProps) {
  const [job, setJob] = useState<MixtureJobView | null>(initialJob);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const active = job !== null && ACTIVE.has(job.state);
  useEffect(() => {
    if (!job || !ACTIVE.has(job.state)) return;
    const timer = setTimeout(async () => {
      const r = await status({ jobId: job.id });
      if (r.ok) setJob(r.data);
      else setError(r.error.message);
    }, 700);
    return () => clearTimeout(timer);
  }, [job, status]);

  const percent = job?.progress && job.progress.total > 0 ? Math.min(100, Math.round((100 * job.progress.done) / job.progress.total)) : null;

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
            onClick={() =>
              startTransition(async () => {
                const r = await cancel({ jobId: job!.id });
                if (r.ok) setJob(r.data);
                else setError(r.error.message);
              })
            }
          >
            Cancel
          </button>
        ) : null}
      </div>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      {job ? (
        <div className="mixture-job" role="status" aria-live="polite">
          <p>
            <strong>{STATE_LABEL[job.state]}</strong>
            {job.progress?.message ? <span className="muted"> · {job.progress.message}</span> : null}
          </p>
          {active ? <progress max={100} value={percent ?? undefined} aria-label="Mixture progress" /> : null}
          {job.state === "failed" && job.error ? <p className="alert alert-error">{job.error}</p> : null}
          {job.downloads.length > 0 ? (
            <ul className="list-plain mixture-downloads">
              {job.downloads.map((d) => (
                <li key={d.href}>
                  <a href={d.href} download>
                    {d.label}
                  </a>{" "}
                  {d.bytes !== null ? <span className="small muted">{bytes(d.bytes)}</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
