/**
 * A mixture asked for by the web app or the API: a published release, the taxonomy its categories
 * come from, and the mixture parameters (params.ts). The seed base is not a parameter here: a
 * release has its own (its exports render with it), and a mixture of it renders with the same, so
 * its examples are the release's P3 examples. One file is built per request (no --shard).
 */
import { z } from "zod";
import { validationError } from "../errors";
import { mixParamsSchema } from "./params";
import { TAXONOMIES } from "./taxonomy";

export const mixtureParamsSchema = mixParamsSchema.omit({ seedBase: true, shard: true });

export const mixtureRequestSchema = z
  .object({
    /** The published release whose frozen template versions are mixed. */
    release: z.string().trim().min(1, "Pick a release").max(64),
    /** t0: T0's task clusters; sni: Super-NaturalInstructions categories. */
    taxonomy: z.enum(TAXONOMIES).default("t0"),
    params: mixtureParamsSchema.prefault({}),
  })
  .strict();

export type MixtureRequestInput = z.input<typeof mixtureRequestSchema>;
export type MixtureRequest = z.output<typeof mixtureRequestSchema>;

/** Parses a request; a refusal is an AppError VALIDATION naming every bad field ("params.cap: …"). */
export function parseMixtureRequest(input: unknown): MixtureRequest {
  const result = mixtureRequestSchema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) fields[issue.path.join(".") || "request"] ??= issue.message;
  throw validationError(`Invalid mixture request: ${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join("; ")}`, fields);
}
