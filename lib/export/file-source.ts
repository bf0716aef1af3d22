/**
 * An ExportSource over files, for the CLI and tests:
 * - templates: one PromptSource `templates.yaml`, or a tree of them (`templates/<dataset>[/<subset>]/`);
 * - rows: a folder of `<stem>.jsonl` (split `train`) or `<stem>/<split>.jsonl`, where `<stem>` is
 *   the config path with `/` as `__` (`super_glue__rte`, `Zaid__coqa_expanded`), as
 *   ../shared/parity names its rows files.
 * Errors name the file (and line): a malformed JSONL line, a row that is not an object, a missing folder.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fromInstructionFile } from "../templates/instruction";
import { parsePromptSourceYaml } from "../templates/promptsource-yaml";
import { compareCodeUnits } from "./engine";
import { rowsStem } from "./p3-name";
import { InputFileError } from "./read-lines";
import { readJsonlRows } from "./rows-file";
import type { ExportSource, ExportTemplate } from "./types";

async function statOrNull(p: string) {
  try {
    return await stat(p);
  } catch {
    return null;
  }
}

/** Every `templates.yaml` under a folder (sorted by path), or the one file given. */
export async function loadTemplateFiles(fileOrDir: string): Promise<ExportTemplate[]> {
  const st = await statOrNull(fileOrDir);
  if (st === null) throw new InputFileError(fileOrDir, null, "templates file or folder not found");
  const files = st.isDirectory() ? await findTemplateFiles(fileOrDir) : [fileOrDir];
  if (files.length === 0) throw new InputFileError(fileOrDir, null, "no templates.yaml in this folder");
  const out: ExportTemplate[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = await readFile(f, "utf8");
    } catch (e) {
      throw new InputFileError(f, null, `cannot read templates file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    // structuredClone: fresh strings. The parser's are slices of the whole file's text and chains of
    // concatenations, which kept every templates.yaml in memory for the whole export (about 10 MB
    // of the reader thread's heap with PromptSource's 2,085 templates).
    const parsed = structuredClone(parsePromptSourceYaml(text, f));
    for (const t of parsed.templates) {
      // An instruction template (Super-NaturalInstructions) carries its definition and examples in
      // an `instruction` field, as the promptsource export writes it.
      if (!Object.hasOwn(t.extra, "instruction")) {
        out.push({ ...t, dataset: parsed.dataset, subset: parsed.subset });
        continue;
      }
      const { instruction: raw, ...extra } = t.extra;
      const read = fromInstructionFile(raw);
      if (!read.ok) throw new InputFileError(f, null, `template "${t.name}": instruction: ${read.message}`);
      out.push({ ...t, extra, instruction: read.instruction, dataset: parsed.dataset, subset: parsed.subset });
    }
  }
  return out;
}

async function findTemplateFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    const entries = await readdir(d, { withFileTypes: true });
    for (const e of entries.sort((a, b) => compareCodeUnits(a.name, b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name === "templates.yaml") out.push(p);
    }
  };
  await walk(dir);
  return out.sort(compareCodeUnits);
}

export interface RowsFolder {
  /** stem -> split -> file */
  files: Map<string, Map<string, string>>;
}

/** Lists a rows folder: `<stem>.jsonl` is split train, `<stem>/<split>.jsonl` any split. */
export async function scanRowsFolder(dir: string): Promise<RowsFolder> {
  const st = await statOrNull(dir);
  if (st === null) throw new InputFileError(dir, null, "rows folder not found");
  if (!st.isDirectory()) throw new InputFileError(dir, null, "rows must be a folder of <dataset>[__<subset>].jsonl files or <dataset>[__<subset>]/<split>.jsonl");
  const files = new Map<string, Map<string, string>>();
  const add = (stem: string, split: string, file: string) => {
    const splits = files.get(stem) ?? new Map<string, string>();
    if (splits.has(split)) throw new InputFileError(file, null, `split '${split}' of ${stem} is given twice (also ${splits.get(split)})`);
    splits.set(split, file);
    files.set(stem, splits);
  };
  for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => compareCodeUnits(a.name, b.name))) {
    const p = path.join(dir, e.name);
    if (e.isFile() && e.name.endsWith(".jsonl")) add(e.name.slice(0, -".jsonl".length), "train", p);
    else if (e.isDirectory()) {
      for (const s of (await readdir(p, { withFileTypes: true })).sort((a, b) => compareCodeUnits(a.name, b.name))) {
        if (s.isFile() && s.name.endsWith(".jsonl")) add(e.name, s.name.slice(0, -".jsonl".length), path.join(p, s.name));
      }
    }
  }
  return { files };
}

export interface FileSourceReport {
  /** Rows files whose stem matches no template's config. */
  unusedRows: string[];
  /** Configs with templates but no rows. */
  configsWithoutRows: string[];
}

/** An ExportSource over loaded templates and a scanned rows folder. */
export function fileSource(templates: ExportTemplate[], rows: RowsFolder | null): ExportSource & { report(): FileSourceReport } {
  const empty = new Map<string, string>();
  const splitsOf = (dataset: string, subset: string | null) => rows?.files.get(rowsStem(dataset, subset)) ?? empty;
  return {
    templates,
    splits: (dataset, subset) => [...splitsOf(dataset, subset).keys()],
    rows: (dataset, subset, split) => {
      const file = splitsOf(dataset, subset).get(split);
      if (file === undefined) throw new Error(`no rows for ${rowsStem(dataset, subset)} split ${split}`);
      return readJsonlRows(file);
    },
    rowsFile: (dataset, subset, split) => splitsOf(dataset, subset).get(split) ?? null,
    report() {
      const stems = new Set(templates.map((t) => rowsStem(t.dataset, t.subset)));
      return {
        unusedRows: [...(rows?.files.keys() ?? [])].filter((s) => !stems.has(s)),
        configsWithoutRows: [...stems].filter((s) => !rows?.files.has(s)).sort(compareCodeUnits),
      };
    },
  };
}

/** Reads every rows file once, so a malformed line fails before any output. */
export async function checkRowsFolder(rows: RowsFolder, stems?: Set<string>): Promise<number> {
  let n = 0;
  for (const [stem, splits] of rows.files) {
    if (stems && !stems.has(stem)) continue;
    for (const file of splits.values()) for await (const _ of readJsonlRows(file)) n++;
  }
  return n;
}
