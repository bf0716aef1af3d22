import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { conflict, notFound } from "../errors";
import { getDb, inTransaction, isUniqueViolation, type Tx } from "./client";
import { recordAudit } from "./audit";
import { templateKindSchema, type TemplateKind } from "../templates/instruction";
import { insertVersion, instructionFor, parseVersionInput, toVersionDTO, versionMessageSchema, versionSelect, type VersionDTO, type VersionInput } from "./versions";
import { parseOrThrow } from "./validate";

export const TEMPLATE_STATUSES = ["draft", "in_review", "approved", "changes_requested", "rejected", "archived"] as const;
export const templateStatusSchema = z.enum(TEMPLATE_STATUSES);
export type TemplateStatus = z.infer<typeof templateStatusSchema>;

export interface TemplateSummary {
  id: string;
  datasetId: string;
  datasetName: string;
  datasetSubset: string | null;
  name: string;
  /** prompt (PromptSource) or instruction (Super-NaturalInstructions task); fixed at creation */
  kind: TemplateKind;
  status: TemplateStatus;
  latestVersion: number;
  /** the approved version in the pool, or null */
  poolVersion: number | null;
  updatedAt: string;
  createdBy: { id: string; name: string | null };
}

export interface TemplateDetail extends TemplateSummary {
  current: VersionDTO;
  poolVersion: number | null;
}

export const templateNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a name")
  .max(200)
  .refine((s) => !/[\n\r]/.test(s), "A name is one line");

const summarySelect = {
  id: true,
  datasetId: true,
  name: true,
  kind: true,
  status: true,
  latestVersion: true,
  poolVersion: true,
  updatedAt: true,
  dataset: { select: { name: true, subset: true } },
  createdBy: { select: { id: true, name: true } },
} as const;

type SummaryRow = {
  id: string;
  datasetId: string;
  name: string;
  kind: string;
  status: string;
  latestVersion: number;
  poolVersion: number | null;
  updatedAt: Date;
  dataset: { name: string; subset: string | null };
  createdBy: { id: string; name: string | null };
};

function toSummary(t: SummaryRow): TemplateSummary {
  const status = templateStatusSchema.safeParse(t.status);
  return {
    id: t.id,
    datasetId: t.datasetId,
    datasetName: t.dataset.name,
    datasetSubset: t.dataset.subset,
    name: t.name,
    kind: t.kind === "instruction" ? "instruction" : "prompt",
    status: status.success ? status.data : "draft",
    latestVersion: t.latestVersion,
    poolVersion: t.poolVersion,
    updatedAt: t.updatedAt.toISOString(),
    createdBy: { id: t.createdBy.id, name: t.createdBy.name },
  };
}

export async function listTemplates(
  f: { datasetId?: string; status?: TemplateStatus[]; createdById?: string; /** only templates with an approved version in the pool */ inPool?: boolean } = {},
): Promise<TemplateSummary[]> {
  const status = f.status ? parseOrThrow(z.array(templateStatusSchema), f.status) : undefined;
  const rows = await getDb().template.findMany({
    where: {
      datasetId: f.datasetId,
      createdById: f.createdById,
      ...(status ? { status: { in: status } } : {}),
      ...(f.inPool ? { poolVersion: { not: null }, status: { not: "archived" } } : {}),
    },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    select: summarySelect,
  });
  return rows.map(toSummary);
}

export async function getTemplate(id: string): Promise<TemplateDetail | null> {
  const db = getDb();
  const t = await db.template.findUnique({ where: { id }, select: summarySelect });
  if (!t) return null;
  const current = await db.templateVersion.findUnique({
    where: { templateId_number: { templateId: id, number: t.latestVersion } },
    select: versionSelect,
  });
  if (!current) return null; // cannot happen: a template is created with its first version
  return { ...toSummary(t), current: toVersionDTO(current), poolVersion: t.poolVersion };
}

/** Names are unique within a dataset among templates that are not archived. */
async function assertNameFree(tx: Tx, datasetId: string, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.template.findFirst({
    where: { datasetId, name, status: { not: "archived" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash) throw conflict(`This dataset already has a template named "${name}"`);
}

const createTemplateSchema = z.object({
  id: z.uuid("A template id is a UUID").optional(),
  datasetId: z.string().min(1),
  name: templateNameSchema,
  createdById: z.string().min(1),
  status: templateStatusSchema.default("draft"),
  message: versionMessageSchema,
  kind: templateKindSchema.default("prompt"),
});

/**
 * Creates a template with its version 1. Unknown dataset -> NOT_FOUND; name taken or id taken -> CONFLICT.
 * An `instruction` template's version 1 needs `version.instruction`; a `prompt` template has none (VALIDATION).
 */
export async function createTemplate(i: {
  id?: string;
  datasetId: string;
  name: string;
  createdById: string;
  version: VersionInput;
  status?: TemplateStatus;
  message?: string;
  kind?: TemplateKind;
}): Promise<TemplateDetail> {
  const t = parseOrThrow(createTemplateSchema, { id: i.id, datasetId: i.datasetId, name: i.name, createdById: i.createdById, status: i.status, message: i.message, kind: i.kind });
  const input = parseVersionInput(i.version);
  const instructionJson = instructionFor(t.kind, input);
  const id = (t.id ?? randomUUID()).toLowerCase();
  try {
    await inTransaction(async (tx) => {
      if (!(await tx.dataset.findUnique({ where: { id: t.datasetId }, select: { id: true } }))) throw notFound("Dataset");
      if (await tx.template.findUnique({ where: { id }, select: { id: true } })) throw conflict(`Template ${id} already exists`);
      if (t.status !== "archived") await assertNameFree(tx, t.datasetId, t.name);
      await tx.template.create({
        data: { id, datasetId: t.datasetId, name: t.name, kind: t.kind, status: t.status, createdById: t.createdById, latestVersion: 1 },
      });
      await insertVersion(tx, { templateId: id, number: 1, parentNumber: null, authorId: t.createdById, message: t.message, input, instructionJson });
      await recordAudit(
        { actorId: t.createdById, action: "template.create", subjectType: "template", subjectId: id, details: { name: t.name, datasetId: t.datasetId, status: t.status, ...(t.kind !== "prompt" ? { kind: t.kind } : {}) } },
        tx,
      );
    });
  } catch (error) {
    // The partial unique index on (datasetId, name) closes the race between two creates.
    if (isUniqueViolation(error)) throw conflict(`This dataset already has a template named "${t.name}"`);
    throw error;
  }
  return (await getTemplate(id))!;
}

/**
 * Changes a template's status (review workflow, archive/unarchive). With `expectedStatus` the change
 * is a compare-and-set: if the status moved meanwhile -> CONFLICT. `poolVersion` sets (number) or
 * clears (null) the approved version; leave undefined to keep it. Unarchiving checks the name.
 */
export async function setTemplateStatus(i: {
  templateId: string;
  status: TemplateStatus;
  actorId: string;
  expectedStatus?: TemplateStatus;
  poolVersion?: number | null;
  /** the version under review (lib/review); undefined keeps it */
  reviewVersion?: number | null;
  details?: Record<string, unknown>;
}): Promise<TemplateDetail> {
  const status = parseOrThrow(templateStatusSchema, i.status);
  const expected = i.expectedStatus === undefined ? undefined : parseOrThrow(templateStatusSchema, i.expectedStatus);
  try {
    await inTransaction(async (tx) => {
      const t = await tx.template.findUnique({ where: { id: i.templateId }, select: { status: true, name: true, datasetId: true, latestVersion: true } });
      if (!t) throw notFound("Template");
      if (typeof i.poolVersion === "number" && (!Number.isInteger(i.poolVersion) || i.poolVersion < 1 || i.poolVersion > t.latestVersion)) {
        throw notFound(`Version ${i.poolVersion}`);
      }
      if (t.status === "archived" && status !== "archived") await assertNameFree(tx, t.datasetId, t.name, i.templateId);
      const moved = await tx.template.updateMany({
        where: { id: i.templateId, ...(expected ? { status: expected } : {}) },
        data: { status, ...(i.poolVersion !== undefined ? { poolVersion: i.poolVersion } : {}), ...(i.reviewVersion !== undefined ? { reviewVersion: i.reviewVersion } : {}) },
      });
      if (moved.count !== 1) throw conflict(`The template is no longer ${expected}; reload`);
      await recordAudit(
        { actorId: i.actorId, action: "template.status", subjectType: "template", subjectId: i.templateId, details: { from: t.status, to: status, poolVersion: i.poolVersion, ...i.details } },
        tx,
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("Another template in this dataset already has this name");
    throw error;
  }
  return (await getTemplate(i.templateId))!;
}

/** Renames a template. Name taken in the dataset (among non-archived) -> CONFLICT. */
export async function renameTemplate(templateId: string, name: string, actorId: string): Promise<TemplateDetail> {
  const n = parseOrThrow(templateNameSchema, name);
  try {
    await inTransaction(async (tx) => {
      const t = await tx.template.findUnique({ where: { id: templateId }, select: { name: true, datasetId: true, status: true } });
      if (!t) throw notFound("Template");
      if (t.name === n) return;
      if (t.status !== "archived") await assertNameFree(tx, t.datasetId, n, templateId);
      await tx.template.update({ where: { id: templateId }, data: { name: n } });
      await recordAudit(
        { actorId, action: "template.rename", subjectType: "template", subjectId: templateId, details: { from: t.name, to: n } },
        tx,
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`This dataset already has a template named "${n}"`);
    throw error;
  }
  return (await getTemplate(templateId))!;
}

export interface TemplateSourceSummary {
  id: string;
  name: string;
  status: TemplateStatus;
  createdById: string;
  poolVersion: number | null;
  /** the latest version's jinja */
  jinja: string;
}

/**
 * The dataset's templates that are not archived, with their latest jinja (the studio checks a new
 * name or jinja against them). Callers filter by what the user may read.
 */
export async function listTemplateSources(datasetId: string): Promise<TemplateSourceSummary[]> {
  const db = getDb();
  const templates = await db.template.findMany({
    where: { datasetId, status: { not: "archived" } },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, name: true, status: true, createdById: true, poolVersion: true, latestVersion: true },
  });
  if (templates.length === 0) return [];
  const versions = await db.templateVersion.findMany({
    where: { OR: templates.map((t) => ({ templateId: t.id, number: t.latestVersion })) },
    select: { templateId: true, jinja: true },
  });
  const jinjaOf = new Map(versions.map((v) => [v.templateId, v.jinja]));
  return templates.map((t) => {
    const status = templateStatusSchema.safeParse(t.status);
    return { id: t.id, name: t.name, status: status.success ? status.data : "draft", createdById: t.createdById, poolVersion: t.poolVersion, jinja: jinjaOf.get(t.id) ?? "" };
  });
}
