import { mixtureRequestBodySchema } from "@/lib/api/schemas";
import { planReleaseMixture } from "@/lib/db";
import { withApi } from "@/lib/http/with-api";
import { enqueueJob } from "@/lib/jobs";
import { mixtureJobView } from "@/lib/jobs/mixture-job";

export const dynamic = "force-dynamic";

/**
 * Starts building a mixture as a background job (202 + the job). The plan runs first, so impossible
 * parameters and unknown releases are refused here (400/404), not found out by the job later.
 */
export const POST = withApi(
  { action: "mixture.run", auth: "session-or-token", scope: "write", input: mixtureRequestBodySchema },
  async ({ input, user }) => {
    await planReleaseMixture(input);
    const job = await enqueueJob({ kind: "mixture", params: input, createdById: user!.id });
    return Response.json(mixtureJobView(job), { status: 202, headers: { location: `/api/v1/mixtures/${job.id}`, "cache-control": "no-store" } });
  },
);
