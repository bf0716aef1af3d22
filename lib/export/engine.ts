/**
 * The export engine: templates and rows in, files out, as an async generator. Each file's content
 * is itself produced while it is read, so nothing holds a whole split; the last file is
 * manifest.json, with the counts and the SHA-256 of every file before it (hashed as the bytes
 * pass through).
 *
 * Order is fixed so that the same input gives the same bytes: configs by their rows stem, then
 * splits (train, validation, test, then by name), then templates by folder name and id.
 */
import { createHash } from "node:crypto";
import { applyTemplate, prepareTemplate, type PreparedTemplate } from "../render/index";
import { toInstructionFile } from "../templates/instruction";
import { serializePromptSourceYaml, type PromptSourceTemplate } from "../templates/promptsource-yaml";
import { p3SubsetName, promptSourcePath, rowsStem, scoreEvalName } from "./p3-name";
import { ByteChunks, CHUNK_BYTES, freshChunk } from "./byte-chunks";
import { RenderTask } from "./render-task";
import { SplitRows } from "./row-cache";
import { SNI_MAX_INSTANCES, SniInstances, sniInstanceId, sniSplitFiles, sniTaskId, sniTaskName, sniTaskText } from "./sni";
import type { ExportFile, ExportOptions, ExportSource, ExportTemplate, Manifest, ManifestFile, SniTaskCounts, SplitCounts } from "./types";

/** Bump when the same input would give different bytes. */
export const EXPORT_ENGINE = { name: "promptpool-export", version: "1.1.0" } as const;
export const MANIFEST_PATH = "manifest.json";

const PROGRESS_EVERY = 1024;
/**
 * A split's parsed rows are kept for its next template while they take at most this many
 * characters (about 90 MB of heap; with workers, each keeps its share of the blocks). 16 M until
 * the ninth session: the bench's two largest splits (kilt_tasks hotpotqa and nq, 17 MB of JSONL,
 * 19.2 and 19.4 M) were then parsed again for each of their 5 and 7 templates, which cost 6-7% of
 * the export's time (lib/export/README.md).
 */
const DEFAULT_ROW_CACHE_CHARS = 20_000_000;
/** Score-eval records are made from the data pass's encoded inputs while they fit; else rendered again. */
const SCORE_BUFFER_BYTES = 16 << 20;
/** Output a worker may have waiting to be read before it pauses. */
const WORKER_OUTPUT_BYTES = 8 << 20;

/** One template over one split, and how to produce its files (file 0: data, file 1: score-eval). */
interface Unit {
  p: Planned;
  split: string;
  scoreEval: boolean;
  counts: SplitCounts;
  scoreCounts: SplitCounts;
  run: ((file: 0 | 1, hashed: (bytes: number, sha256: string) => void) => AsyncIterable<Uint8Array>) | null;
  /** a worker made and hashed the whole files (else this thread hashes them as they pass) */
  hashedByWorker?: boolean;
}

interface Planned {
  template: ExportTemplate;
  folder: string;
  stem: string;
}

export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const SPLIT_RANK: Record<string, number> = { train: 0, validation: 1, test: 2 };
export function compareSplits(a: string, b: string): number {
  return (SPLIT_RANK[a] ?? 3) - (SPLIT_RANK[b] ?? 3) || compareCodeUnits(a, b);
}

/**
 * Folder names by P3's rule, in the engine's order. Two templates whose names give the same
 * folder (P3 itself would overwrite one) are kept apart: the later one (by id) gets `_<id prefix>`.
 */
export function planTemplates(templates: readonly ExportTemplate[]): Planned[] {
  const planned = templates.map((template) => ({
    template,
    folder: p3SubsetName(template.dataset, template.subset, template.name),
    stem: rowsStem(template.dataset, template.subset),
  }));
  planned.sort((a, b) => compareCodeUnits(a.stem, b.stem) || compareCodeUnits(a.folder, b.folder) || compareCodeUnits(a.template.id, b.template.id));
  const used = new Set<string>();
  for (const p of planned) {
    if (used.has(p.folder) || used.has(scoreEvalName(p.folder))) p.folder = `${p.folder}_${p.template.id.replace(/[^\w]/g, "").slice(0, 8)}`;
    used.add(p.folder);
    used.add(scoreEvalName(p.folder));
  }
  return planned;
}

export class ExportCancelled extends Error {
  constructor() {
    super("export cancelled");
    this.name = "AbortError";
  }
}

export async function* exportFiles(source: ExportSource, options: ExportOptions): AsyncGenerator<ExportFile> {
  const seedBase = options.seedBase ?? 0;
  const planned = planTemplates(source.templates);
  const files: ManifestFile[] = [];
  const folders: Manifest["folders"] = {};
  const progress = { records: 0, bytes: 0, files: 0 };
  const missingRows: string[] = [];
  let pending: { path: string; done: boolean } | null = null;
  /** The templates the manifest lists (sni: the instruction templates, under their task names). */
  let manifestTemplates: Planned[] = planned;
  const sniTasks: Record<string, SniTaskCounts> = {};

  const checkCancelled = () => {
    if (options.signal?.aborted) throw options.signal.reason instanceof Error ? options.signal.reason : new ExportCancelled();
  };
  const report = () => options.onProgress?.({ ...progress });
  const rendered = () => {
    progress.records++;
    if ((progress.records & (PROGRESS_EVERY - 1)) === 0) {
      checkCancelled();
      report();
    }
  };

  /**
   * Wraps a file's chunks: encodes text, hashes and counts as they are read. A file made by a
   * worker comes hashed: `hashed` then says so, and `text` reports the size and hash at its end.
   */
  const file = (path: string, text: (hashed: (bytes: number, sha256: string) => void) => AsyncIterable<string | Uint8Array>, hashed = false): ExportFile => {
    if (pending && !pending.done) throw new Error(`export: read ${pending.path} to the end before asking for the next file`);
    const state = { path, done: false };
    pending = state;
    async function* content(): AsyncGenerator<Uint8Array> {
      const hash = hashed ? null : createHash("sha256");
      let bytes = 0;
      let given: { bytes: number; sha256: string } | null = null;
      for await (const chunk of text((b, sha256) => (given = { bytes: b, sha256 }))) {
        if (chunk.length === 0) continue;
        const data: Uint8Array = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
        hash?.update(data);
        bytes += data.length;
        progress.bytes += data.length;
        yield data;
      }
      if (hash === null && (given === null || (given as { bytes: number }).bytes !== bytes)) throw new Error(`export: ${path} ended without its hash`);
      files.push({ path, bytes, sha256: hash === null ? (given as unknown as { sha256: string }).sha256 : hash.digest("hex") });
      progress.files++;
      state.done = true;
      report();
    }
    return { path, content: content() };
  };

  checkCancelled();
  if (options.format === "promptsource") {
    const byConfig = new Map<string, Planned[]>();
    for (const p of planned) {
      const key = promptSourcePath(p.template.dataset, p.template.subset);
      byConfig.set(key, [...(byConfig.get(key) ?? []), p]);
    }
    for (const path of [...byConfig.keys()].sort(compareCodeUnits)) {
      checkCancelled();
      const group = byConfig.get(path)!;
      const { dataset, subset } = group[0].template;
      yield file(path, async function* () {
        yield serializePromptSourceYaml({ dataset, subset, templates: group.map((p) => toPromptSourceTemplate(p.template)) });
      });
    }
  } else if (options.format === "sni") {
    // One task file per instruction template; prompt templates have no definition to write.
    const tasks = planned.filter((p) => p.template.instruction);
    manifestTemplates = [];
    const max = options.sniMaxInstances ?? SNI_MAX_INSTANCES;
    for (const [i, p] of tasks.entries()) {
      checkCancelled();
      const taskId = sniTaskId(i + 1);
      const name = sniTaskName(i + 1, p.folder);
      manifestTemplates.push({ ...p, folder: name });
      const { dataset, subset } = p.template;
      const instruction = p.template.instruction!;
      const task: SniTaskCounts = { template_id: p.template.id, instances: 0, merged: 0, positive_overlap: 0, over_cap: 0 };
      sniTasks[name] = task;
      yield file(`tasks/${name}.json`, async function* () {
        const splits = [...(await source.splits(dataset, subset))].sort(compareSplits);
        if (splits.length === 0 && !missingRows.includes(p.stem)) missingRows.push(p.stem);
        const t = prepareTemplate({ id: p.template.id, name: p.template.name, jinja: p.template.jinja, answerChoices: p.template.answerChoices });
        const instances = new SniInstances(instruction, max);
        for (const split of splits) {
          const counts: SplitCounts = { records: 0, dropped: 0, errors: 0 };
          (folders[name] ??= {})[split] = counts;
          let rowIndex = 0;
          for await (const row of source.rows(dataset, subset, split)) {
            const index = rowIndex++;
            if (instances.full) {
              task.over_cap++;
              continue;
            }
            const res = applyTemplate(t, row, { seed: seedBase + index });
            progress.records++;
            if ((progress.records & (PROGRESS_EVERY - 1)) === 0) {
              checkCancelled();
              report();
            }
            if (res.error !== null || res.parts === null) counts.errors++;
            else if (res.parts.length !== 2 || res.parts[0] === "" || res.parts[1] === "") counts.dropped++;
            else if (instances.add(sniInstanceId(taskId, p.template.id, split, index), res.parts[0], res.parts[1]) === "added") counts.records++;
          }
        }
        task.instances = instances.list.length;
        task.merged = instances.merged;
        task.positive_overlap = instances.positiveOverlap;
        yield* sniTaskText({ info: p.template.task ?? { contributors: [], categories: [], license: null }, dataset, subset, instruction, languages: p.template.metadata.languages, instances: instances.list });
      });
    }
    for (const f of sniSplitFiles(manifestTemplates.map((p) => p.folder))) {
      checkCancelled();
      yield file(f.path, async function* () {
        yield f.text;
      });
    }
  } else {
    const format = options.format;
    const workers = Math.max(1, Math.floor(options.workers ?? 1));
    const rowCacheChars = options.rowCacheChars ?? DEFAULT_ROW_CACHE_CHARS;
    const pool =
      workers > 1 && source.rowsFile && options.startWorkerPool
        ? options.startWorkerPool(
            workers,
            { budgetBytes: WORKER_OUTPUT_BYTES, rowCacheChars: Math.floor(rowCacheChars / workers), scoreBufferBytes: Math.floor(SCORE_BUFFER_BYTES / workers) },
            (n) => {
              progress.records += n;
              report();
            },
            options.reuseChunks ?? false,
          )
        : null;

    // in-process units run one after the other, so one ByteChunks serves them all: when the
    // reader keeps no chunk, its chunks' memory is written again instead of taken fresh
    let inThreadOut: ByteChunks | undefined;

    /** The export's units of work in output order: one template over one split. */
    async function* units(): AsyncGenerator<Unit> {
      const byStem = new Map<string, Planned[]>();
      for (const p of planned) byStem.set(p.stem, [...(byStem.get(p.stem) ?? []), p]);
      for (const [stem, group] of byStem) {
        const { dataset, subset } = group[0].template;
        const splits = [...(await source.splits(dataset, subset))].sort(compareSplits);
        if (splits.length === 0) missingRows.push(stem);
        const prepared = new Map<Planned, PreparedTemplate>();
        for (const split of splits) {
          const rowsFile = pool !== null ? (source.rowsFile?.(dataset, subset, split) ?? null) : null;
          let rows: SplitRows | null = null;
          for (const p of group) {
            const scoreEval = format === "p3" && !!p.template.answerChoices;
            const taskOptions = { format, folder: p.folder, choicesInPrompt: p.template.metadata.choicesInPrompt, scoreEval, seedBase };
            const counts: SplitCounts = { records: 0, dropped: 0, errors: 0 };
            const scoreCounts: SplitCounts = { records: 0, dropped: 0, errors: 0 };
            (folders[p.folder] ??= {})[split] = counts;
            if (scoreEval) (folders[scoreEvalName(p.folder)] ??= {})[split] = scoreCounts;
            const unit: Unit = { p, split, scoreEval, counts, scoreCounts, run: null };
            const template = { id: p.template.id, name: p.template.name, jinja: p.template.jinja, answerChoices: p.template.answerChoices };
            if (pool !== null && rowsFile !== null) {
              const task = pool.submit({ template, rowsFile, options: taskOptions });
              unit.run = (file, hashed) =>
                task.file(file, (r) => {
                  Object.assign(file === 0 ? counts : scoreCounts, r.counts);
                  if (r.hashed !== null) hashed(r.hashed.bytes, r.hashed.sha256);
                });
              unit.hashedByWorker = !task.shared;
            } else {
              rows ??= new SplitRows(() => source.rows(dataset, subset, split), rowCacheChars);
              let t = prepared.get(p);
              if (!t) prepared.set(p, (t = prepareTemplate(template)));
              if (options.reuseChunks) inThreadOut ??= new ByteChunks(freshChunk, CHUNK_BYTES, true);
              const task = new RenderTask(t, rows, { ...taskOptions, scoreBufferBytes: SCORE_BUFFER_BYTES }, rendered, counts, scoreCounts, inThreadOut);
              unit.run = (file) => (file === 0 ? task.main() : task.scoreEval());
            }
            yield unit;
          }
        }
      }
    }

    // Workers render ahead of the reader (a few tasks each), in order; in-process units run as read.
    const lookahead = pool !== null ? 3 * workers : 1;
    const ahead: Unit[] = [];
    const plan = units();
    try {
      for (;;) {
        while (ahead.length < lookahead) {
          const next = await plan.next();
          if (next.done) break;
          ahead.push(next.value);
        }
        const unit = ahead.shift();
        if (unit === undefined) break;
        checkCancelled();
        const { p, split, run } = unit;
        const hashed = unit.hashedByWorker === true;
        yield file(`${p.folder}/${split}.${format === "alpaca" ? "json" : "jsonl"}`, (h) => run!(0, h), hashed);
        if (unit.scoreEval) yield file(`${scoreEvalName(p.folder)}/${split}.jsonl`, (h) => run!(1, h), hashed);
      }
    } finally {
      await pool?.close();
    }
  }

  checkCancelled();
  if (pending !== null && !(pending as { done: boolean }).done) throw new Error(`export: read ${(pending as { path: string }).path} to the end before the manifest`);
  const manifest = buildManifest(options, manifestTemplates, folders, files, progress.records, missingRows);
  if (options.format === "sni") manifest.sni_tasks = sniTasks;
  yield file(MANIFEST_PATH, async function* () {
    yield JSON.stringify(manifest, null, 2) + "\n";
  });
}

/**
 * The PromptSource fields only (the serializer checks its output reads back to exactly these). An
 * instruction template's definition and examples go in an extra `instruction` field, which
 * PromptSource's loader keeps as an attribute and `loadTemplateFiles` reads back.
 */
function toPromptSourceTemplate(t: ExportTemplate): PromptSourceTemplate {
  const extra = t.instruction ? { ...t.extra, instruction: toInstructionFile(t.instruction) } : t.extra;
  return { id: t.id, name: t.name, jinja: t.jinja, answerChoices: t.answerChoices, reference: t.reference, metadata: t.metadata, extra };
}

function buildManifest(
  options: ExportOptions,
  planned: Planned[],
  folders: Manifest["folders"],
  files: ManifestFile[],
  rendered: number,
  missingRows: string[],
): Manifest {
  let records = 0;
  let dropped = 0;
  let errors = 0;
  for (const [folder, splits] of Object.entries(folders)) {
    if (folder.endsWith("_score_eval") && !planned.some((p) => p.folder === folder)) {
      for (const c of Object.values(splits)) records += c.records;
      continue;
    }
    for (const c of Object.values(splits)) {
      records += c.records;
      dropped += c.dropped;
      errors += c.errors;
    }
  }
  const data = options.format !== "promptsource";
  return {
    format: options.format,
    release: options.release ?? null,
    engine: { ...EXPORT_ENGINE },
    seed_base: options.seedBase ?? 0,
    templates: planned.map((p) => ({
      id: p.template.id,
      dataset: p.template.dataset,
      subset: p.template.subset,
      name: p.template.name,
      version_id: p.template.versionId ?? null,
      folder: data ? p.folder : null,
    })),
    folders,
    configs_without_rows: missingRows,
    totals: {
      templates: planned.length,
      rendered,
      records,
      dropped,
      errors,
      files: files.length,
      bytes: files.reduce((n, f) => n + f.bytes, 0),
    },
    files: [...files],
  };
}
