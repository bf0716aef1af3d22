/**
 * Background jobs: the shapes shared by the queue (lib/db/jobs.ts), the runner and worker
 * (lib/jobs) and the pages. Framework-free.
 */
import type { z } from "zod";

export const JOB_STATUSES = ["queued", "running", "done", "failed", "cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const FINISHED_STATUSES: ReadonlySet<JobStatus> = new Set<JobStatus>(["done", "failed", "cancelled"]);

/**
 * What a running job last reported. `records` and `bytes` are the figures the UI shows; a kind may
 * add its own numbers or a short `message` ("writing validation split").
 */
export interface JobProgress {
  records?: number;
  bytes?: number;
  files?: number;
  /** when the kind knows it: the records it expects in total (a progress bar's denominator) */
  totalRecords?: number;
  message?: string;
  [key: string]: number | string | undefined;
}

/** The file a finished job wrote, as stored in `result.file`. */
export interface JobFile {
  /** name offered to the browser */
  name: string;
  contentType: string;
  bytes: number;
  sha256: string;
  /** set when the file was removed by the clean-up (older than PROMPTPOOL_JOB_FILES_MAX_AGE_HOURS) */
  expired?: boolean;
}

export interface JobResult {
  file?: JobFile;
  [key: string]: unknown;
}

export interface JobDTO {
  id: string;
  kind: string;
  status: JobStatus;
  params: Record<string, unknown>;
  progress: JobProgress;
  result: JobResult;
  /** why it failed (one line, shown to the user); "" otherwise */
  error: string;
  cancelRequested: boolean;
  /** how many times a worker claimed it (a re-queued job counts again) */
  attempts: number;
  createdById: string | null;
  /** the worker (instance) running it, while it runs */
  lockedBy: string | null;
  heartbeatAt: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** Where a handler writes its one output file. */
export interface JobOutput {
  /**
   * The temporary path (`<dir>/<jobId>.<ext>.partial`). The runner renames it to its final name
   * when the handler returns, and deletes it when the handler fails or is cancelled.
   */
  path: string;
  /**
   * Writes the chunks to `path`, hashing as it goes, each one before it asks for the next (so a
   * producer may write the next chunk into the same memory). Use it or write `path` yourself.
   */
  write(chunks: AsyncIterable<Uint8Array>): Promise<{ bytes: number; sha256: string }>;
}

export interface JobContext<P> {
  jobId: string;
  params: P;
  createdById: string | null;
  /** aborted when the user cancels, the worker shuts down or the job's lock is lost */
  signal: AbortSignal;
  /** cheap to call often: the latest value is written with the next heartbeat (about once a second) */
  reportProgress(progress: JobProgress): void;
  /** present when the kind declares `output` */
  output: JobOutput | null;
}

export interface JobKindDefinition<P = Record<string, unknown>> {
  /** validates `params` when the job is enqueued and again when it runs */
  params: z.ZodType<P>;
  /** the work; what it returns (plain JSON) becomes `result`, plus `result.file` when it wrote output */
  run(ctx: JobContext<P>): Promise<Record<string, unknown> | void>;
  /** the kind writes one file: its extension, content type and the name offered for download */
  output?: {
    extension: string;
    contentType: string;
    fileName(params: P): string;
  };
  /** whoever has the link may download the output (e.g. an export of a public release) */
  publicOutput?(params: P): boolean;
}

/** Job status as the browser polls it: no worker ids. */
export type PublicJob = Omit<JobDTO, "lockedBy">;

export function toPublicJob(job: JobDTO): PublicJob {
  const { lockedBy: _lockedBy, ...rest } = job;
  void _lockedBy;
  return rest;
}
