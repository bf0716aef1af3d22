"use server";

import { z } from "zod";
import { getMixtureOptions, planReleaseMixture } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { defineAction } from "@/lib/http/action-client";
import { enqueueJob, loadJobFor, requestCancel } from "@/lib/jobs";
import { mixtureJobView } from "@/lib/jobs/mixture-job";
import { mixtureRequestSchema } from "@/lib/mixture/request";
import { TAXONOMIES } from "@/lib/mixture/taxonomy";

const optionsInput = z.object({ release: z.string().trim().min(1).max(64), taxonomy: z.enum(TAXONOMIES).default("t0") });
const jobInput = z.object({ jobId: z.string().min(1).max(100) });

/** The categories, datasets, templates and splits a release offers, in a taxonomy. */
export const loadMixtureOptions = defineAction({ action: "mixture.plan", input: optionsInput }, async ({ input }) => getMixtureOptions(input.release, input.taxonomy));

/** The counts preview; impossible parameters come back as the plan's own VALIDATION message. */
export const planMixture = defineAction({ action: "mixture.plan", input: mixtureRequestSchema }, async ({ input }) => planReleaseMixture(input));

/** Plans (refusing what cannot be built) and queues the build as a background job. */
export const startMixture = defineAction({ action: "mixture.run", input: mixtureRequestSchema }, async ({ input, user }) => {
  await planReleaseMixture(input);
  return mixtureJobView(await enqueueJob({ kind: "mixture", params: input, createdById: user.id }));
});

async function mixtureJobFor(user: Parameters<typeof loadJobFor>[0], jobId: string, action: "job.read" | "job.cancel") {
  const job = await loadJobFor(user, jobId, action);
  if (job.kind !== "mixture") throw notFound("Mixture job");
  return job;
}

/** A mixture job's status and progress (its creator or an admin). */
export const getMixtureJob = defineAction({ action: "job.read", input: jobInput }, async ({ input, user }) => mixtureJobView(await mixtureJobFor(user, input.jobId, "job.read")));

/** Cancels a queued build at once, a running one within about a second. */
export const cancelMixtureJob = defineAction({ action: "job.cancel", input: jobInput }, async ({ input, user }) => {
  const job = await mixtureJobFor(user, input.jobId, "job.cancel");
  return mixtureJobView(await requestCancel(job.id, user.id));
});
