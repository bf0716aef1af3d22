import { mixtureRequestBodySchema } from "@/lib/api/schemas";
import { planReleaseMixture } from "@/lib/db";
import { withApi } from "@/lib/http/with-api";

export const dynamic = "force-dynamic";

/** The counts a mixture would hold (per dataset, template and category), before anything is rendered; impossible parameters are 400 VALIDATION. */
export const POST = withApi({ action: "mixture.plan", auth: "session-or-token", input: mixtureRequestBodySchema }, async ({ input }) => planReleaseMixture(input));
