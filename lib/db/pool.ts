import "server-only";
/**
 * The pool as exports read it: the approved versions (Template.poolVersion) or a release's frozen
 * versions, as PromptSource templates grouped by dataset, plus the sample rows to apply them to.
 * Order is fixed (dataset name, subset with none first, template id; rows by split then index) so
 * that the same pool always exports to the same bytes.
 */
import { parseInstructionJson, type Instruction } from "../templates/instruction";
import type { PromptSourceTemplate } from "../templates/promptsource-yaml";
import { getDb } from "./client";
import { parseJsonArrayOfStrings, parseJsonObject } from "./json";

export interface PoolExportTemplate {
  templateId: string;
  versionId: string;
  versionNumber: number;
  datasetId: string;
  dataset: string;
  subset: string | null;
  /** as PromptSource models it (unknown fields restored from extraJson) */
  template: PromptSourceTemplate;
  /** an instruction template's definition and examples; null for a prompt template */
  instruction: Instruction | null;
}

export interface PoolDataset {
  datasetId: string;
  dataset: string;
  subset: string | null;
  /** Hugging Face `features` JSON */
  features: unknown;
  /** the dataset's task category as an admin set it (T0 cluster or SNI category), or null */
  taskCategory: string | null;
  /** the dataset's license as entered ("" when unknown) */
  license: string;
  templates: PoolExportTemplate[];
}

type VersionWithTemplate = {
  id: string;
  number: number;
  jinja: string;
  answerChoices: string | null;
  reference: string;
  originalTask: boolean | null;
  choicesInPrompt: boolean | null;
  metricsJson: string;
  languagesJson: string;
  extraJson: string;
  instructionJson: string | null;
  template: {
    id: string;
    name: string;
    kind: string;
    datasetId: string;
    dataset: { name: string; subset: string | null; featuresJson: string; taskCategory: string | null; license: string };
  };
};

const versionWithTemplateSelect = {
  id: true,
  number: true,
  jinja: true,
  answerChoices: true,
  reference: true,
  originalTask: true,
  choicesInPrompt: true,
  metricsJson: true,
  languagesJson: true,
  extraJson: true,
  instructionJson: true,
  template: {
    select: { id: true, name: true, kind: true, datasetId: true, dataset: { select: { name: true, subset: true, featuresJson: true, taskCategory: true, license: true } } },
  },
} as const;

/** Stored version -> PromptSource template. Unknown metadata fields are kept under `metadata` in extraJson (see imports.ts). */
export function toPromptSourceTemplate(v: Omit<VersionWithTemplate, "id" | "number" | "template" | "instructionJson">, id: string, name: string): PromptSourceTemplate {
  const { metadata, ...extra } = parseJsonObject(v.extraJson);
  const metadataExtra = metadata !== null && typeof metadata === "object" && !Array.isArray(metadata) ? (metadata as Record<string, unknown>) : {};
  return {
    id,
    name,
    jinja: v.jinja,
    answerChoices: v.answerChoices,
    reference: v.reference,
    metadata: {
      originalTask: v.originalTask,
      choicesInPrompt: v.choicesInPrompt,
      metrics: parseJsonArrayOfStrings(v.metricsJson),
      languages: parseJsonArrayOfStrings(v.languagesJson),
      extra: metadataExtra,
    },
    extra,
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function group(rows: VersionWithTemplate[]): PoolDataset[] {
  const byDataset = new Map<string, PoolDataset>();
  for (const v of rows) {
    const d = v.template.dataset;
    let entry = byDataset.get(v.template.datasetId);
    if (!entry) {
      let features: unknown = {};
      try {
        features = JSON.parse(d.featuresJson);
      } catch {
        features = {};
      }
      entry = { datasetId: v.template.datasetId, dataset: d.name, subset: d.subset, features, taskCategory: d.taskCategory, license: d.license, templates: [] };
      byDataset.set(v.template.datasetId, entry);
    }
    entry.templates.push({
      templateId: v.template.id,
      versionId: v.id,
      versionNumber: v.number,
      datasetId: v.template.datasetId,
      dataset: d.name,
      subset: d.subset,
      template: toPromptSourceTemplate(v, v.template.id, v.template.name),
      instruction: v.template.kind === "instruction" ? parseInstructionJson(v.instructionJson) : null,
    });
  }
  const datasets = [...byDataset.values()].sort((a, b) => compareText(a.dataset, b.dataset) || compareText(a.subset ?? "", b.subset ?? "") || (a.subset === null ? -1 : b.subset === null ? 1 : 0));
  for (const d of datasets) d.templates.sort((a, b) => compareText(a.templateId, b.templateId));
  return datasets;
}

/** The approved pool now: every approved template's pool version. */
export async function listPoolDatasets(): Promise<PoolDataset[]> {
  const db = getDb();
  const approved = await db.template.findMany({ where: { status: "approved", poolVersion: { not: null } }, select: { id: true, poolVersion: true } });
  const rows: VersionWithTemplate[] = [];
  for (let i = 0; i < approved.length; i += 400) {
    const chunk = approved.slice(i, i + 400);
    const pool = new Map(chunk.map((t) => [t.id, t.poolVersion]));
    const versions = await db.templateVersion.findMany({ where: { templateId: { in: chunk.map((t) => t.id) } }, select: versionWithTemplateSelect });
    rows.push(...versions.filter((v) => pool.get(v.template.id) === v.number));
  }
  return group(rows);
}

/** A release's frozen versions. */
export async function listReleaseDatasets(releaseId: string): Promise<PoolDataset[]> {
  const entries = await getDb().releaseEntry.findMany({ where: { releaseId }, select: { version: { select: versionWithTemplateSelect } } });
  return group(entries.map((e) => e.version));
}

export interface PoolRow {
  split: string;
  index: number;
  dataJson: string;
}

/** The splits that have sample rows (train, validation, test, then by name). */
export async function listRowSplits(datasetId: string): Promise<string[]> {
  const rank = (n: string) => {
    const i = ["train", "validation", "test"].indexOf(n);
    return i === -1 ? 3 : i;
  };
  const splits = (await getDb().sampleRow.groupBy({ by: ["split"], where: { datasetId } })).map((s) => s.split);
  return splits.sort((a, b) => rank(a) - rank(b) || compareText(a, b));
}

/** Sample rows per dataset config (every split), for the given configs; configs without rows are absent. */
export async function countRowsByDataset(datasetIds: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let i = 0; i < datasetIds.length; i += 400) {
    const groups = await getDb().sampleRow.groupBy({ by: ["datasetId"], where: { datasetId: { in: datasetIds.slice(i, i + 400) } }, _count: { _all: true } });
    for (const g of groups) counts.set(g.datasetId, g._count._all);
  }
  return counts;
}

/** One split's rows by index, read in pages (memory stays flat whatever the split's size). */
export async function* iterateSplitRows(datasetId: string, split: string, pageSize = 1000): AsyncGenerator<PoolRow> {
  const db = getDb();
  let after = -1;
  for (;;) {
    const page = await db.sampleRow.findMany({
      where: { datasetId, split, index: { gt: after } },
      orderBy: { index: "asc" },
      take: pageSize,
      select: { index: true, dataJson: true },
    });
    for (const r of page) yield { split, index: r.index, dataJson: r.dataJson };
    if (page.length < pageSize) return;
    after = page[page.length - 1].index;
  }
}

/**
 * The people who wrote each template up to a version (SNI's "Contributors"): authors' names in the
 * order of their first version, for the given (template, version number) pairs.
 */
export async function listVersionAuthors(versions: { templateId: string; upTo: number }[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < versions.length; i += 200) {
    const chunk = versions.slice(i, i + 200);
    const rows = await getDb().templateVersion.findMany({
      where: { OR: chunk.map((v) => ({ templateId: v.templateId, number: { lte: v.upTo } })) },
      orderBy: [{ templateId: "asc" }, { number: "asc" }],
      select: { templateId: true, author: { select: { name: true, email: true } } },
    });
    for (const r of rows) {
      const names = out.get(r.templateId) ?? [];
      // an account without a name is named by its email's local part, never the whole address
      const name = r.author.name?.trim() || r.author.email?.split("@")[0] || "anonymous";
      if (!names.includes(name)) names.push(name);
      out.set(r.templateId, names);
    }
  }
  return out;
}
