import { readdir, rename, rm, stat } from "node:fs/promises";
import {
  checkRowsFolder,
  EXPORT_FORMATS,
  exportFiles,
  fileSource,
  loadTemplateFiles,
  rowsStem,
  scanRowsFolder,
  writeChunks,
  writeFolder,
  zipFiles,
  type ExportFormat,
  type ExportProgress,
} from "../lib/export/index";
import { startWorkerPool } from "../lib/export/worker-pool";
import { sniCategoriesOf } from "../lib/mixture/taxonomy";

export interface ExportArgs {
  format: ExportFormat;
  templates: string;
  rows: string | null;
  out: string;
  seedBase: number;
  /** worker threads that render (1: this thread); the bytes are the same whatever the number */
  workers?: number;
}

export interface ExportLog {
  warn(message: string): void;
  progress?(p: ExportProgress): void;
}

/** A bad --out: exists and is not an empty folder (an export never mixes with old files). */
export class OutputError extends Error {}

/**
 * `promptpool export`: templates (a templates.yaml or a tree) and rows (a folder) in, an export
 * folder or zip out, through lib/export as the web app uses it. Every rows file is read once
 * before any output, so a malformed line fails the command with nothing written; a zip is
 * written beside its target and renamed at the end.
 */
export async function runExport(args: ExportArgs, log: ExportLog): Promise<{ records: number; files: number; bytes: number }> {
  const zip = args.out.endsWith(".zip");
  const existing = await stat(args.out).catch(() => null);
  if (existing !== null) {
    if (zip || !existing.isDirectory()) throw new OutputError(`${args.out} already exists`);
    if ((await readdir(args.out)).length > 0) throw new OutputError(`${args.out} is not empty`);
  }
  // Files say nothing of authors or licenses; an SNI task's categories come from its dataset (lib/mixture's taxonomy).
  const templates = (await loadTemplateFiles(args.templates)).map((t) =>
    t.instruction ? { ...t, task: { contributors: [], categories: sniCategoriesOf(t.dataset, t.subset), license: null } } : t,
  );
  const rows = args.rows !== null ? await scanRowsFolder(args.rows) : null;
  const source = fileSource(templates, rows);
  if (args.format !== "promptsource") {
    const report = source.report();
    for (const stem of report.unusedRows) log.warn(`rows for '${stem}' match no templates file; not used`);
    for (const stem of report.configsWithoutRows) log.warn(`no rows for '${stem}' (expected ${stem}.jsonl or ${stem}/<split>.jsonl); its templates are not rendered`);
    await checkRowsFolder(rows!, new Set(templates.map((t) => rowsStem(t.dataset, t.subset))));
  }
  let last: ExportProgress = { records: 0, bytes: 0, files: 0 };
  const files = exportFiles(source, {
    format: args.format,
    seedBase: args.seedBase,
    workers: args.workers ?? 1,
    startWorkerPool,
    // writeChunks and writeFolder keep no chunk once written
    reuseChunks: true,
    onProgress: (p) => {
      last = p;
      log.progress?.(p);
    },
  });
  if (zip) {
    const partial = `${args.out}.partial`;
    try {
      await writeChunks(zipFiles(files), partial);
      await rename(partial, args.out);
    } catch (e) {
      await rm(partial, { force: true });
      throw e;
    }
  } else {
    await writeFolder(files, args.out);
  }
  return { records: last.records, files: last.files, bytes: last.bytes };
}

export function isExportFormat(s: string): s is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(s);
}
