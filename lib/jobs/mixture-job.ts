import "server-only";
/**
 * The `mixture` job kind: an instruction-tuning mixture of a published release
 * (lib/db/mixtures.ts), written as one JSONL file (`<jobId>.jsonl`, offered as
 * `mixture-<release>-<hash of the request>.jsonl`); the manifest (every parameter, planned and
 * written counts, the file's SHA-256) is the job's `result.manifest`, downloadable beside it.
 *
 * Why JSONL and not a zip of JSONL + manifest: the JSONL is what a training run reads, and it can
 * be gigabytes: streamed as is, it needs no unzip (nor CPU to deflate on a shared machine), can be
 * looked at with `head` while it downloads, and `cat`s with other shards. The manifest is a few KB of
 * JSON that belongs to the job's record (the API returns it with the job) and names the SHA-256 of
 * the file, so the two stay verifiable apart. Same release and request → same file name, bytes and manifest.
 *
 * Progress: `records` examples rendered of `totalRecords` planned while the rows are sampled, then
 * the shuffle's merge writes the file (`message` says which).
 */
import { createHash } from "node:crypto";
import { writeReleaseMixture } from "../db/mixtures";
import { mixtureRequestSchema, type MixtureRequest } from "../mixture/request";
import type { MixtureJobView } from "../mixture/views";
import type { JobDTO, JobKindDefinition } from "./types";

/** `mixture-<release>-<8 hex of the request>.jsonl`: the same request always gets the same name. */
export function mixtureFileName(request: MixtureRequest): string {
  const hash = createHash("sha256").update(JSON.stringify(request)).digest("hex").slice(0, 8);
  return `mixture-${request.release.replace(/[^0-9A-Za-z._-]/g, "_")}-${hash}.jsonl`;
}

export const mixtureJobKind: JobKindDefinition<MixtureRequest> = {
  params: mixtureRequestSchema,
  output: { extension: "jsonl", contentType: "application/x-ndjson; charset=utf-8", fileName: mixtureFileName },
  async run({ params, signal, reportProgress, output }) {
    if (!output) throw new Error("mixture job without an output file");
    reportProgress({ records: 0, message: "Planning" });
    const { manifest, plan } = await writeReleaseMixture(params, output.path, {
      manifestPath: false,
      fileName: mixtureFileName(params),
      signal,
      onProgress: (p) => {
        reportProgress({
          records: p.records,
          totalRecords: p.planned,
          rowsRead: p.rowsRead,
          rowsTotal: p.rowsTotal,
          message: p.phase === "sample" ? `Rendering ${p.dataset}` : `Writing the shuffled file: ${p.records.toLocaleString("en")} examples`,
        });
      },
    });
    reportProgress({ records: manifest.written.records, totalRecords: plan.total, message: "Done" });
    return { release: params.release, taxonomy: params.taxonomy, planned: plan.total, records: manifest.written.records, manifest };
  },
};

const num = (v: unknown) => (typeof v === "number" ? v : null);

/** A mixture job as the builder page and GET /api/v1/mixtures/<jobId> show it (no worker ids). */
export function mixtureJobView(job: JobDTO): MixtureJobView {
  const f = job.result.file;
  const file = f ? { name: f.name, bytes: f.bytes, sha256: f.sha256, expired: f.expired === true } : null;
  return {
    id: job.id,
    status: job.status,
    request: job.params,
    progress: { records: num(job.progress.records), totalRecords: num(job.progress.totalRecords), message: typeof job.progress.message === "string" ? job.progress.message : null },
    error: job.error,
    cancelRequested: job.cancelRequested,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    file,
    download: job.status === "done" && file && !file.expired ? `/api/jobs/${job.id}/download` : null,
    manifest: job.result.manifest ?? null,
  };
}
