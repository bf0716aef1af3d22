/**
 * The public API's zod schemas: request inputs (parsed by withApi) and response shapes (documented
 * in the OpenAPI document, and checked against real responses in the route tests). The write
 * inputs are the studio's (template-input.ts).
 */
import { z } from "zod";
import { EXPORT_FORMATS } from "../export/types";
import { mixtureRequestSchema } from "../mixture/request";
import { saveVersionFieldsSchema, templateFieldsSchema } from "./template-input";

const statusEnum = z.enum(["draft", "in_review", "approved", "changes_requested", "rejected", "archived"]);
const isoDate = z.string().meta({ description: "ISO 8601 date-time", example: "2026-11-26T12:00:00.000Z" });

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(["VALIDATION", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "VERSION_CONFLICT", "RATE_LIMITED", "PAYLOAD_TOO_LARGE", "TEMPLATE_SYNTAX", "RENDER_LIMIT", "INTERNAL", "UNAVAILABLE"]),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional().meta({ description: "per-field messages (VALIDATION)" }),
    }),
  })
  .meta({ id: "Error" });

// ---- datasets

export const datasetSummarySchema = z
  .object({
    id: z.string(),
    name: z.string().meta({ example: "ag_news" }),
    subset: z.string().nullable(),
    description: z.string(),
    rowCount: z.number().int(),
    templateCount: z.number().int(),
    approvedTemplateCount: z.number().int(),
  })
  .meta({ id: "DatasetSummary" });

export const datasetDetailSchema = datasetSummarySchema
  .extend({
    citation: z.string(),
    license: z.string(),
    features: z.unknown().meta({ description: "Hugging Face `features` JSON" }),
    splits: z.array(z.object({ name: z.string(), rowCount: z.number().int() })),
  })
  .meta({ id: "DatasetDetail" });

export const datasetListSchema = z.object({ items: z.array(datasetSummarySchema) });

// ---- templates and versions

export const versionSchema = z
  .object({
    id: z.string(),
    templateId: z.string(),
    number: z.number().int(),
    jinja: z.string(),
    answerChoices: z.string().nullable(),
    reference: z.string(),
    metadata: z.object({
      originalTask: z.boolean().nullable(),
      choicesInPrompt: z.boolean().nullable(),
      metrics: z.array(z.string()),
      languages: z.array(z.string()),
    }),
    extra: z.record(z.string(), z.unknown()).meta({ description: "PromptSource fields PromptPool does not model, kept for round trips" }),
    author: z.object({ id: z.string(), name: z.string().nullable() }),
    createdAt: isoDate,
    parentNumber: z.number().int().nullable(),
    message: z.string(),
  })
  .meta({ id: "Version" });

const templateSummaryFields = {
  id: z.string(),
  datasetId: z.string(),
  datasetName: z.string(),
  datasetSubset: z.string().nullable(),
  name: z.string(),
  status: statusEnum,
  latestVersion: z.number().int(),
  updatedAt: isoDate,
  createdBy: z.object({ id: z.string(), name: z.string().nullable() }),
};

export const poolTemplateSchema = z
  .object({ ...templateSummaryFields, poolVersion: z.number().int(), approved: versionSchema })
  .meta({ id: "PoolTemplate", description: "A template of the approved pool with its approved version" });

export const templateDetailSchema = z
  .object({
    ...templateSummaryFields,
    poolVersion: z.number().int().nullable(),
    latest: versionSchema,
    approved: versionSchema.nullable(),
  })
  .meta({ id: "Template" });

export const templateListQuerySchema = z.object({
  datasetId: z.string().min(1).max(100).optional(),
  dataset: z.string().min(1).max(200).optional().meta({ description: "dataset name, e.g. ag_news" }),
  subset: z.string().min(1).max(200).optional(),
  q: z.string().min(1).max(200).optional().meta({ description: "part of the template name" }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const templatePageSchema = z
  .object({ items: z.array(poolTemplateSchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() })
  .meta({ id: "TemplatePage" });

export const versionListSchema = z.object({ items: z.array(versionSchema) });

/** POST /api/v1/templates: the studio's create input; message, answer choices and metadata may be left out. */
export const createTemplateBodySchema = templateFieldsSchema
  .extend({
    datasetId: z.string().min(1).max(100),
    answerChoices: templateFieldsSchema.shape.answerChoices.default(""),
    message: templateFieldsSchema.shape.message.default(""),
    metadata: templateFieldsSchema.shape.metadata.default({ reference: "", originalTask: true, choicesInPrompt: false, metrics: [], languages: [] }),
  })
  .meta({ id: "CreateTemplate" });

/** POST /api/v1/templates/{id}/versions: the studio's save input; a missing name keeps the current one. */
export const createVersionBodySchema = saveVersionFieldsSchema
  .extend({
    name: saveVersionFieldsSchema.shape.name.optional(),
    answerChoices: saveVersionFieldsSchema.shape.answerChoices.default(""),
    message: saveVersionFieldsSchema.shape.message.default(""),
    metadata: saveVersionFieldsSchema.shape.metadata.optional().meta({ description: "default: the base version's metadata" }),
  })
  .meta({ id: "CreateVersion" });

export const createdTemplateSchema = z.object({ template: templateDetailSchema });
export const createdVersionSchema = z.object({ version: versionSchema });

// ---- render

/** Hard ceiling of the schema; the configured PROMPTPOOL_API_RENDER_MAX_ROWS applies below it. */
export const RENDER_ROWS_CEILING = 10_000;

export const renderBodySchema = z
  .object({
    template: z.object({
      jinja: z.string().min(1, "The template is empty").max(100_000),
      answerChoices: z.string().max(20_000).nullable().default(null),
    }),
    rows: z.array(z.record(z.string(), z.unknown())).min(1, "Send at least one row").max(RENDER_ROWS_CEILING),
    seedBase: z.number().int().min(0).max(2 ** 31).default(0).meta({ description: "row i is rendered with seed seedBase + i (P3's convention: seed = row index)" }),
  })
  .meta({ id: "RenderRequest" });

export const renderRecordSchema = z.object({
  index: z.number().int(),
  seed: z.number().int(),
  prompt: z.string().nullable().meta({ description: "the text before ||| (as PromptSource gives it, possibly empty); null when the row fails" }),
  target: z.string().nullable().meta({ description: "the text after |||; null when there is none" }),
  answerChoices: z.array(z.string()).nullable(),
  error: z.string().nullable().meta({ description: "PromptSource's exception for this row, e.g. UndefinedError: …" }),
});

export const renderResponseSchema = z
  .object({ records: z.array(renderRecordSchema), limits: z.object({ maxRows: z.number().int(), budgetMs: z.number().int() }) })
  .meta({ id: "RenderResponse" });

// ---- me

export const meSchema = z.object({
  user: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable(), role: z.enum(["contributor", "reviewer", "admin"]) }),
  via: z.enum(["session", "token"]),
  scope: z.enum(["read", "write"]).nullable().meta({ description: "the token's scope; null for a session" }),
});

// ---- releases

export const releaseSummarySchema = z
  .object({
    id: z.string(),
    name: z.string().meta({ example: "2026.11.26" }),
    notes: z.string(),
    seedBase: z.number().int().meta({ description: "row i of a split is rendered with seed seedBase + i" }),
    createdAt: isoDate,
    createdBy: z.object({ id: z.string(), name: z.string().nullable() }),
    templateCount: z.number().int(),
    datasetCount: z.number().int(),
    downloads: z
      .array(
        z.object({
          format: z.enum(EXPORT_FORMATS),
          url: z.string().meta({ example: "/api/exports?format=p3&release=2026.11.26", description: "relative to this API's origin; a zip streamed to anyone, no token needed" }),
          fileName: z.string().meta({ example: "promptpool-2026.11.26-p3.zip" }),
        }),
      )
      .meta({ description: "the release's exports, one per format (byte-identical every time: a release never changes)" }),
  })
  .meta({ id: "ReleaseSummary" });

export const releaseDetailSchema = releaseSummarySchema
  .extend({
    templates: z.array(
      z.object({ templateId: z.string(), versionId: z.string(), versionNumber: z.number().int(), name: z.string(), dataset: z.string(), subset: z.string().nullable() }),
    ),
  })
  .meta({ id: "Release", description: "A frozen, immutable snapshot of the approved pool; templates ordered by dataset, subset, template id" });

export const releaseListSchema = z.object({ items: z.array(releaseSummarySchema) });

// ---- mixtures

export const mixtureRequestBodySchema = mixtureRequestSchema.meta({
  id: "MixtureRequest",
  description:
    "An instruction-tuning mixture of a published release. params: every mixture parameter (lib/mixture/params.ts), defaults filled in; " +
    'T0-style: {"rule":"proportional","cap":500000,"holdOutCategories":["natural_language_inference","coreference","sentence_completion","word_sense_disambiguation"],"options":"never"}; ' +
    'FLAN-style: {"rule":"proportional","cap":30000,"fewShotRatio":0.5,"k":3}. The release\'s seed base is the renderer\'s.',
});

const plannedCount = { planned: z.number().int(), fewShot: z.number().int() };

export const mixturePlanSchema = z
  .object({
    release: z.string(),
    seedBase: z.number().int(),
    taxonomy: z.enum(["t0", "sni"]),
    split: z.string(),
    total: z.number().int().meta({ description: "examples planned (renders without a target are skipped when built)" }),
    fewShot: z.number().int(),
    byCategory: z.array(z.object({ id: z.string(), name: z.string(), planned: z.number().int() })),
    datasets: z.array(
      z.object({
        key: z.string().meta({ description: "dataset or dataset/subset" }),
        datasetId: z.string(),
        dataset: z.string(),
        subset: z.string().nullable(),
        category: z.string(),
        categoryName: z.string(),
        rows: z.number().int().meta({ description: "rows of the split" }),
        ...plannedCount,
        templates: z.array(z.object({ id: z.string(), name: z.string(), version: z.number().int().nullable(), ...plannedCount })),
      }),
    ),
    excluded: z.object({ templates: z.number().int(), datasetsWithoutRows: z.array(z.string()), heldOutCategories: z.array(z.string()) }),
    notes: z.array(z.string()),
  })
  .meta({ id: "MixturePlan" });

export const mixtureJobSchema = z
  .object({
    id: z.string(),
    status: z.enum(["queued", "running", "done", "failed", "cancelled"]),
    request: z.unknown().meta({ description: "the MixtureRequest it builds, defaults filled in" }),
    progress: z.object({
      records: z.number().int().nullable().meta({ description: "examples rendered so far" }),
      totalRecords: z.number().int().nullable().meta({ description: "examples planned" }),
      message: z.string().nullable(),
    }),
    error: z.string().meta({ description: "why it failed or was cancelled; empty otherwise" }),
    cancelRequested: z.boolean(),
    createdAt: isoDate,
    startedAt: isoDate.nullable(),
    finishedAt: isoDate.nullable(),
    file: z
      .object({ name: z.string(), bytes: z.number().int(), sha256: z.string(), expired: z.boolean().meta({ description: "removed by the clean-up; build it again" }) })
      .nullable(),
    download: z.string().nullable().meta({ description: "GET it (same authentication) for the JSONL, once done: one JSON object per line" }),
    manifest: z.unknown().meta({ description: "once done: every parameter, planned and written counts per dataset, template and category, the file's SHA-256" }),
  })
  .meta({ id: "MixtureJob" });
