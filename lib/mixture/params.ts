/**
 * The parameters of a mixture: one zod schema for the CLI now and the API/builder page later.
 * Everything that can be refused without looking at data is refused here, with a message that
 * says what to change; refusals that need the data (all categories held out, k larger than a
 * split) happen in planMixture, still before any row is rendered.
 */
import { z } from "zod";
import { validationError } from "../errors";

const nameList = z.array(z.string().min(1)).default([]);

export const MIX_FORMATS = ["jsonl", "chat", "alpaca"] as const;
export const MIX_RULES = ["proportional", "equal", "temperature"] as const;

export const mixParamsSchema = z
  .object({
    /** The split whose rows are sampled (and from which few-shot exemplars are drawn). */
    split: z.string().min(1).default("train"),
    /** proportional: rate = min(rows, cap); equal: same rate for every dataset; temperature: min(rows, cap)^(1/T). */
    rule: z.enum(MIX_RULES).default("proportional"),
    /** Per-dataset cap on examples (T0: 500,000; FLAN: 30,000); null = no cap. */
    cap: z
      .number()
      .int("cap must be a whole number")
      .min(1, "cap must be at least 1: a cap of 0 leaves every dataset empty (omit the cap for no limit)")
      .nullable()
      .default(null),
    temperature: z.number().positive("temperature must be greater than 0").default(1),
    /** Total examples; null = the examples-proportional size (sum of min(rows, cap)). */
    total: z.number().int("total must be a whole number").min(1, "total must be at least 1 (omit it for the natural size)").nullable().default(null),
    /** Share of examples that get k exemplars (few-shot); the rest are zero-shot. */
    fewShotRatio: z.number().min(0, "few-shot ratio must be between 0 and 1").max(1, "few-shot ratio must be between 0 and 1").default(0),
    k: z.number().int("k must be a whole number").min(1, "k must be at least 1").default(3),
    /** Between exemplars, and between the last exemplar and the example. */
    separator: z.string().default("\n\n"),
    /** Between an exemplar's input and its target. */
    exemplarJoiner: z.string().default("\n"),
    /** Character budget (code points) of a few-shot input; exemplars are dropped, never cut, to fit. */
    maxInputChars: z.number().int().min(1, "max input characters must be at least 1").default(8192),
    /** Exemplars come from a seeded sample of this many rows of the split (per dataset), rendered once. */
    exemplarPool: z.number().int().min(2, "the exemplar pool needs at least 2 rows").max(100_000).default(256),
    /** FLAN's *_opt types: list the answer choices after the input when the prompt does not already. */
    options: z.enum(["auto", "never"]).default("auto"),
    seed: z.number().int("seed must be a whole number").default(0),
    /** The renderer's seeding contract: random.seed(seedBase + rowIndex) before each apply. */
    seedBase: z.number().int().default(0),
    includeCategories: nameList,
    holdOutCategories: nameList,
    includeDatasets: nameList,
    holdOutDatasets: nameList,
    includeTemplates: nameList,
    holdOutTemplates: nameList,
    /** Leave out templates marked original_task: false. */
    originalTaskOnly: z.boolean().default(false),
    format: z.enum(MIX_FORMATS).default("jsonl"),
    shard: z
      .object({ index: z.number().int().min(1, "shard index starts at 1"), count: z.number().int().min(1, "shard count must be at least 1").max(65536) })
      .refine((s) => s.index <= s.count, { message: "shard index must be between 1 and the shard count (K/N with 1 ≤ K ≤ N)" })
      .default({ index: 1, count: 1 }),
  })
  .strict();

export type MixParamsInput = z.input<typeof mixParamsSchema>;
export type MixParams = z.output<typeof mixParamsSchema>;

/** Parses parameters; a refusal is an AppError VALIDATION naming every bad field. */
export function parseMixParams(input: unknown): MixParams {
  const result = mixParamsSchema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const path = issue.path.join(".") || "params";
    fields[path] ??= issue.message;
  }
  throw validationError(`Invalid mixture parameters: ${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join("; ")}`, fields);
}

/** "K/N" → {index, count}; the CLI's --shard. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw validationError(`--shard must be K/N (e.g. 1/4), got '${text}'`);
  return { index: Number(m[1]), count: Number(m[2]) };
}
