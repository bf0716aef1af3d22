import "server-only";
// Template versions are immutable: rows are inserted, never updated. A save inserts latest + 1
// under the unique (templateId, number) key and moves Template.latestVersion from the base the
// author edited with a compare-and-set; a stale base or a lost race is VERSION_CONFLICT.
import { z } from "zod";
import { notFound, validationError, versionConflict } from "../errors";
import { instructionJson, instructionSchema, parseInstructionJson, type Instruction, type TemplateKind } from "../templates/instruction";
import { getDb, inTransaction, isUniqueViolation, type Tx } from "./client";
import { recordAudit } from "./audit";
import { parseJsonArrayOfStrings, parseJsonObject } from "./json";
import { parseOrThrow } from "./validate";

export interface VersionMetadata {
  originalTask: boolean | null;
  choicesInPrompt: boolean | null;
  metrics: string[];
  languages: string[];
}

export interface VersionDTO {
  id: string;
  templateId: string;
  number: number;
  jinja: string;
  answerChoices: string | null;
  reference: string;
  metadata: VersionMetadata;
  extra: Record<string, unknown>;
  author: { id: string; name: string | null };
  createdAt: string;
  parentNumber: number | null;
  message: string;
  /** An instruction template's definition and examples; null for a prompt template. */
  instruction: Instruction | null;
}

export const versionInputSchema = z.object({
  jinja: z.string().min(1, "The template is empty").max(100_000),
  answerChoices: z
    .string()
    .max(20_000)
    .nullable()
    .optional()
    .transform((s) => (s === undefined || s === "" ? null : s)),
  reference: z.string().max(5_000).default(""),
  metadata: z
    .object({
      originalTask: z.boolean().nullable().default(null),
      choicesInPrompt: z.boolean().nullable().default(null),
      metrics: z.array(z.string().min(1).max(100)).max(50).default([]),
      languages: z.array(z.string().min(1).max(35)).max(50).default([]),
    })
    .default({ originalTask: null, choicesInPrompt: null, metrics: [], languages: [] }),
  /** template fields PromptPool does not model (kept for YAML round trips) */
  extra: z.record(z.string(), z.unknown()).default({}),
  /**
   * Instruction templates only (lib/templates/instruction.ts). Omitted on a new version of an
   * instruction template: the base version's carries over (as a client that edits only the jinja
   * expects); a prompt template never has one.
   */
  instruction: instructionSchema.nullable().optional(),
});
export type VersionInput = z.input<typeof versionInputSchema>;
type ParsedVersionInput = z.output<typeof versionInputSchema>;

export const versionMessageSchema = z.string().trim().max(500).default("");

export const versionSelect = {
  id: true,
  templateId: true,
  number: true,
  jinja: true,
  answerChoices: true,
  reference: true,
  originalTask: true,
  choicesInPrompt: true,
  metricsJson: true,
  languagesJson: true,
  extraJson: true,
  createdAt: true,
  parentNumber: true,
  message: true,
  instructionJson: true,
  author: { select: { id: true, name: true } },
} as const;

type VersionRow = {
  id: string;
  templateId: string;
  number: number;
  jinja: string;
  answerChoices: string | null;
  reference: string;
  originalTask: boolean | null;
  choicesInPrompt: boolean | null;
  metricsJson: string;
  languagesJson: string;
  extraJson: string;
  createdAt: Date;
  parentNumber: number | null;
  message: string;
  instructionJson: string | null;
  author: { id: string; name: string | null };
};

export function toVersionDTO(v: VersionRow): VersionDTO {
  return {
    id: v.id,
    templateId: v.templateId,
    number: v.number,
    jinja: v.jinja,
    answerChoices: v.answerChoices,
    reference: v.reference,
    metadata: {
      originalTask: v.originalTask,
      choicesInPrompt: v.choicesInPrompt,
      metrics: parseJsonArrayOfStrings(v.metricsJson),
      languages: parseJsonArrayOfStrings(v.languagesJson),
    },
    extra: parseJsonObject(v.extraJson),
    author: { id: v.author.id, name: v.author.name },
    createdAt: v.createdAt.toISOString(),
    parentNumber: v.parentNumber,
    message: v.message,
    instruction: parseInstructionJson(v.instructionJson),
  };
}

export function parseVersionInput(input: unknown): ParsedVersionInput {
  return parseOrThrow(versionInputSchema, input);
}

/**
 * The instruction a new version of a template of this kind stores (as JSON text), or why not:
 * an instruction template's version needs one (omitted: `carried`, the base version's), a prompt
 * template's has none.
 */
export function instructionFor(kind: TemplateKind, input: ParsedVersionInput, carried: string | null = null): string | null {
  if (kind === "prompt") {
    if (input.instruction) throw validationError("Only instruction templates have a definition and examples", { instruction: "Not for a prompt template" });
    return null;
  }
  if (input.instruction) return instructionJson(input.instruction);
  if (input.instruction === undefined && carried !== null) return carried;
  throw validationError("An instruction template needs its definition", { instruction: "Write the definition of the task" });
}

/** Inserts one version row (inside the caller's transaction). */
export async function insertVersion(
  tx: Tx,
  v: { templateId: string; number: number; parentNumber: number | null; authorId: string; message: string; input: ParsedVersionInput; instructionJson: string | null },
): Promise<VersionDTO> {
  const row = await tx.templateVersion.create({
    data: {
      templateId: v.templateId,
      number: v.number,
      parentNumber: v.parentNumber,
      authorId: v.authorId,
      message: v.message,
      jinja: v.input.jinja,
      answerChoices: v.input.answerChoices,
      reference: v.input.reference,
      originalTask: v.input.metadata.originalTask,
      choicesInPrompt: v.input.metadata.choicesInPrompt,
      metricsJson: JSON.stringify(v.input.metadata.metrics),
      languagesJson: JSON.stringify(v.input.metadata.languages),
      extraJson: JSON.stringify(v.input.extra),
      instructionJson: v.instructionJson,
    },
    select: versionSelect,
  });
  return toVersionDTO(row);
}

/**
 * Saves a new version on top of `baseVersion`, which must be the template's latest version.
 * Otherwise, or when another save on the same base wins the race, throws VERSION_CONFLICT
 * (details.latestVersion says what the author should reload).
 */
export async function createVersion(i: {
  templateId: string;
  baseVersion: number;
  authorId: string;
  version: VersionInput;
  message?: string;
}): Promise<VersionDTO> {
  const input = parseVersionInput(i.version);
  const message = parseOrThrow(versionMessageSchema, i.message ?? "");
  const base = parseOrThrow(z.number().int().min(1, "baseVersion must be a version number"), i.baseVersion);
  try {
    return await inTransaction(async (tx) => {
      const template = await tx.template.findUnique({ where: { id: i.templateId }, select: { latestVersion: true, kind: true } });
      if (!template) throw notFound("Template");
      if (template.latestVersion !== base) {
        throw versionConflict(
          `Version ${base} is no longer the latest (the latest is ${template.latestVersion}); reload to see the changes`,
          { latestVersion: template.latestVersion },
        );
      }
      const number = base + 1;
      const kind = template.kind === "instruction" ? "instruction" : "prompt";
      const carried =
        kind === "instruction" && input.instruction === undefined
          ? ((await tx.templateVersion.findUnique({ where: { templateId_number: { templateId: i.templateId, number: base } }, select: { instructionJson: true } }))?.instructionJson ?? null)
          : null;
      const version = await insertVersion(tx, { templateId: i.templateId, number, parentNumber: base, authorId: i.authorId, message, input, instructionJson: instructionFor(kind, input, carried) });
      const moved = await tx.template.updateMany({
        where: { id: i.templateId, latestVersion: base },
        data: { latestVersion: number },
      });
      if (moved.count !== 1) throw versionConflict(`Someone saved version ${number} first; reload to see it`);
      await recordAudit(
        { actorId: i.authorId, action: "version.create", subjectType: "template", subjectId: i.templateId, details: { number, parentNumber: base } },
        tx,
      );
      return version;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw versionConflict(`Someone saved version ${base + 1} first; reload to see it`);
    }
    throw error;
  }
}

export async function listVersions(templateId: string): Promise<VersionDTO[]> {
  const rows = await getDb().templateVersion.findMany({
    where: { templateId },
    orderBy: { number: "asc" },
    select: versionSelect,
  });
  return rows.map(toVersionDTO);
}

export async function getVersion(templateId: string, number: number): Promise<VersionDTO | null> {
  if (!Number.isInteger(number)) return null;
  const row = await getDb().templateVersion.findUnique({
    where: { templateId_number: { templateId, number } },
    select: versionSelect,
  });
  return row ? toVersionDTO(row) : null;
}
