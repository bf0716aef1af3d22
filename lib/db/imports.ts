import "server-only";
/**
 * Writes a planned PromptSource import (lib/import) into the database: one transaction per file,
 * batch inserts, one audit event per file that changed something.
 *
 * Imported templates are `approved` with poolVersion 1: the collection is PromptSource's own
 * reviewed pool, and the point of importing it is to publish and export it. Their author and
 * creator is the importing user; version 1's message names the file.
 *
 * Idempotent: a template whose id already exists is left alone (reported as unchanged, or with a
 * warning when the stored pool version differs from the file), so importing the same tree twice
 * changes nothing the second time and records no events.
 */
import type { ImportIssue, ImportPlan, PlannedFile, PlannedTemplate } from "../import/promptsource-tree";
import { getDb, inTransaction, isUniqueViolation, type Tx } from "./client";
import { recordAudit } from "./audit";

export interface ImportFileResult {
  path: string;
  dataset: string;
  subset: string | null;
  datasetId: string | null;
  created: number;
  unchanged: number;
  skipped: number;
}

export interface ImportReport {
  filesSeen: number;
  filesImported: number;
  datasetsCreated: number;
  templatesCreated: number;
  templatesUnchanged: number;
  /** templates of valid files not imported (errors); files skipped as a whole are in `issues` */
  templatesSkipped: number;
  files: ImportFileResult[];
  /** every problem, errors and warnings, in file order */
  issues: ImportIssue[];
}

/** The stored form of unknown metadata fields: under `metadata` in extraJson (a key no unknown template field can have). */
export function versionExtraOf(t: Pick<PlannedTemplate, "extra" | "metadata">): Record<string, unknown> {
  return Object.keys(t.metadata.extra).length ? { ...t.extra, metadata: t.metadata.extra } : { ...t.extra };
}

function sameContent(t: PlannedTemplate, v: { jinja: string; answerChoices: string | null; reference: string; metricsJson: string; languagesJson: string; originalTask: boolean | null; choicesInPrompt: boolean | null; extraJson: string }, name: string): boolean {
  return (
    name === t.name &&
    v.jinja === t.jinja &&
    v.answerChoices === t.answerChoices &&
    v.reference === t.reference &&
    v.originalTask === t.metadata.originalTask &&
    v.choicesInPrompt === t.metadata.choicesInPrompt &&
    v.metricsJson === JSON.stringify(t.metadata.metrics) &&
    v.languagesJson === JSON.stringify(t.metadata.languages) &&
    v.extraJson === JSON.stringify(versionExtraOf(t))
  );
}

export async function importPromptSourcePlan(plan: ImportPlan, actorId: string): Promise<ImportReport> {
  const issues = [...plan.issues];
  const files: ImportFileResult[] = [];
  let datasetsCreated = 0;
  const known = await loadKnown(plan);
  for (const file of plan.files) {
    try {
      const r = await importFile(file, actorId, issues, known);
      if (r.datasetCreated) datasetsCreated++;
      files.push(r.result);
    } catch (error) {
      // Another import of the same ids ran at the same moment: this file's transaction rolled back.
      if (!isUniqueViolation(error)) throw error;
      issues.push({ file: file.path, line: 0, severity: "error", message: "another import wrote the same templates at the same time; file not imported (import again)" });
      files.push({ path: file.path, dataset: file.dataset, subset: file.subset, datasetId: null, created: 0, unchanged: 0, skipped: file.templates.length });
    }
  }
  const errorsByFile = new Map<string, number>();
  for (const i of plan.issues) if (i.severity === "error" && i.templateId) errorsByFile.set(i.file, (errorsByFile.get(i.file) ?? 0) + 1);
  for (const f of files) f.skipped += errorsByFile.get(f.path) ?? 0;
  const sum = (k: "created" | "unchanged" | "skipped") => files.reduce((n, f) => n + f[k], 0);
  issues.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  return {
    filesSeen: plan.filesSeen,
    filesImported: files.filter((f) => f.datasetId !== null).length,
    datasetsCreated,
    templatesCreated: sum("created"),
    templatesUnchanged: sum("unchanged"),
    templatesSkipped: sum("skipped"),
    files,
    issues,
  };
}

type ExistingTemplate = { id: string; name: string; poolVersion: number | null; latestVersion: number; dataset: { name: string; subset: string | null } };
type StoredVersion = { templateId: string; jinja: string; answerChoices: string | null; reference: string; metricsJson: string; languagesJson: string; originalTask: boolean | null; choicesInPrompt: boolean | null; extraJson: string };

interface Known {
  templates: Map<string, ExistingTemplate>;
  versions: Map<string, StoredVersion>;
}

// SQLite's adapter allows about 1,000 query parameters.
const CHUNK = 400;

/** What already exists for the plan's ids, read once up front (a few queries instead of a few per file). */
async function loadKnown(plan: ImportPlan): Promise<Known> {
  const db = getDb();
  const ids = plan.files.flatMap((f) => f.templates.map((t) => t.id));
  const templates = new Map<string, ExistingTemplate>();
  const versions = new Map<string, StoredVersion>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db.template.findMany({
      where: { id: { in: ids.slice(i, i + CHUNK) } },
      select: { id: true, name: true, poolVersion: true, latestVersion: true, dataset: { select: { name: true, subset: true } } },
    });
    for (const r of rows) templates.set(r.id, r);
    if (rows.length === 0) continue;
    const current = new Map(rows.map((e) => [e.id, e.poolVersion ?? e.latestVersion]));
    const stored = await db.templateVersion.findMany({
      where: { templateId: { in: rows.map((e) => e.id) } },
      select: { number: true, templateId: true, jinja: true, answerChoices: true, reference: true, metricsJson: true, languagesJson: true, originalTask: true, choicesInPrompt: true, extraJson: true },
    });
    for (const v of stored) if (current.get(v.templateId) === v.number) versions.set(v.templateId, v);
  }
  return { templates, versions };
}

async function importFile(file: PlannedFile, actorId: string, issues: ImportIssue[], known: Known): Promise<{ result: ImportFileResult; datasetCreated: boolean }> {
  const existingById = known.templates;
  const versionOf = known.versions;
  let unchanged = 0;
  let skipped = 0;
  const fresh: PlannedTemplate[] = [];
  for (const t of file.templates) {
    const e = existingById.get(t.id);
    if (!e) {
      fresh.push(t);
      continue;
    }
    if (e.dataset.name !== file.dataset || (e.dataset.subset ?? null) !== file.subset) {
      skipped++;
      issues.push({ file: file.path, line: t.line, severity: "error", templateId: t.id, message: `template ${t.id}: this id already belongs to a template of ${e.dataset.subset ? `${e.dataset.name}/${e.dataset.subset}` : e.dataset.name}; template skipped` });
      continue;
    }
    unchanged++;
    const v = versionOf.get(t.id);
    if (!v || !sameContent(t, v, e.name)) {
      issues.push({ file: file.path, line: t.line, severity: "warning", templateId: t.id, message: `template ${t.id}: already imported and since changed in PromptPool; kept as it is` });
    }
  }

  const message = `Imported from PromptSource (${file.path})`.slice(0, 500);
  const outcome = await inTransaction(
    async (tx) => {
      const { id: datasetId, created: datasetCreated } = await findOrCreateDataset(tx, file, actorId);
      let toCreate = fresh;
      if (toCreate.length && !datasetCreated) {
        // Names are unique among a dataset's active templates; PromptPool may already use one.
        const clashes = await tx.template.findMany({
          where: { datasetId, status: { not: "archived" }, name: { in: toCreate.map((t) => t.name) } },
          select: { name: true },
        });
        const taken = new Set(clashes.map((c) => c.name));
        toCreate = toCreate.filter((t) => {
          if (!taken.has(t.name)) return true;
          issues.push({ file: file.path, line: t.line, severity: "error", templateId: t.id, message: `template ${t.id}: the dataset already has another template named "${t.name}"; template skipped` });
          return false;
        });
      }
      if (toCreate.length) {
        await tx.template.createMany({
          data: toCreate.map((t) => ({ id: t.id, datasetId, name: t.name, status: "approved", poolVersion: 1, latestVersion: 1, createdById: actorId })),
        });
        await tx.templateVersion.createMany({
          data: toCreate.map((t) => ({
            templateId: t.id,
            number: 1,
            parentNumber: null,
            authorId: actorId,
            message,
            jinja: t.jinja,
            answerChoices: t.answerChoices,
            reference: t.reference,
            originalTask: t.metadata.originalTask,
            choicesInPrompt: t.metadata.choicesInPrompt,
            metricsJson: JSON.stringify(t.metadata.metrics),
            languagesJson: JSON.stringify(t.metadata.languages),
            extraJson: JSON.stringify(versionExtraOf(t)),
          })),
        });
      }
      if (toCreate.length || datasetCreated) {
        await recordAudit(
          {
            actorId,
            action: "import.promptsource",
            subjectType: "dataset",
            subjectId: datasetId,
            details: { file: file.path, created: toCreate.length, unchanged, datasetCreated, templateIds: toCreate.map((t) => t.id) },
          },
          tx,
        );
      }
      return { datasetId, datasetCreated, created: toCreate.length, clashed: fresh.length - toCreate.length };
    },
    { timeoutMs: 60_000 },
  );
  return {
    datasetCreated: outcome.datasetCreated,
    result: {
      path: file.path,
      dataset: file.dataset,
      subset: file.subset,
      datasetId: outcome.datasetId,
      created: outcome.created,
      unchanged,
      skipped: skipped + outcome.clashed,
    },
  };
}

async function findOrCreateDataset(tx: Tx, file: PlannedFile, actorId: string): Promise<{ id: string; created: boolean }> {
  const found = await tx.dataset.findFirst({ where: { name: file.dataset, subset: file.subset }, select: { id: true } });
  if (found) return { id: found.id, created: false };
  const created = await tx.dataset.create({
    data: { name: file.dataset, subset: file.subset, source: "promptsource", createdById: actorId },
    select: { id: true },
  });
  const label = file.subset ? `${file.dataset}/${file.subset}` : file.dataset;
  await recordAudit({ actorId, action: "dataset.create", subjectType: "dataset", subjectId: created.id, details: { name: label, via: "import" } }, tx);
  return { id: created.id, created: true };
}
