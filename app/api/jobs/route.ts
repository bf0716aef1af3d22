import { z } from "zod";
import { withApi } from "@/lib/http/with-api";
import { listJobs, toPublicJob } from "@/lib/jobs";

export const dynamic = "force-dynamic";

const jobListQuerySchema = z.object({
  kind: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** GET /api/jobs?kind=export — the caller's background jobs, newest first. */
export const GET = withApi({ action: "job.list", input: jobListQuerySchema }, async ({ input, user }) => {
  const jobs = await listJobs({ createdById: user!.id, kind: input.kind, limit: input.limit });
  return { items: jobs.map(toPublicJob) };
});
