"use server";

import { z } from "zod";
import { getMixtureOptions, planReleaseMixture } from "@/lib/db";
import { defineAction } from "@/lib/http/action-client";
import { mixtureRequestSchema } from "@/lib/mixture/request";
import { TAXONOMIES } from "@/lib/mixture/taxonomy";

const optionsInput = z.object({ release: z.string().trim().min(1).max(64), taxonomy: z.enum(TAXONOMIES).default("t0") });

/** The categories, datasets, templates and splits a release offers, in a taxonomy. */
export const loadMixtureOptions = defineAction({ action: "mixture.plan", input: optionsInput }, async ({ input }) => getMixtureOptions(input.release, input.taxonomy));

/** The counts preview; impossible parameters come back as the plan's own VALIDATION message. */
export const planMixture = defineAction({ action: "mixture.plan", input: mixtureRequestSchema }, async ({ input }) => planReleaseMixture(input));
