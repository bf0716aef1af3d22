/**
 * Building a mixture: rows streamed, templates applied with the renderer's seeding contract
 * (random.seed(seedBase + rowIndex) before each apply, lib/render/README.md), examples sampled
 * as planned, shuffled by an external sort on seeded keys, written as one JSONL file and a
 * manifest.
 *
 * Determinism and shards. Every decision is a function of the seed and the identity of what is
 * decided: rows of template t are chosen by selection sampling (Knuth's algorithm S) with a
 * generator seeded by (seed, dataset, t); which of them are few-shot, likewise; exemplars by
 * (seed, dataset, t, row); and the output order is the order of a 64-bit key hashed from
 * (seed, dataset, t, row), ties broken by that identity. Shard K of N keeps the examples whose key
 * falls in the K-th of N equal key ranges: the shards are disjoint, and their concatenation in
 * order is exactly the unsharded file. A shard still reads every planned file (cheaply: lines it
 * does not need are not parsed), but renders only its own examples.
 *
 * Memory: one parsed row at a time, the exemplar pool of one dataset (≤ exemplarPool rows ×
 * its templates), and the sort buffer (sortBudgetChars), whatever the number of examples.
 */
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { applyTemplate, prepareTemplate, type PreparedTemplate } from "../render/promptsource";
import { validationError } from "../errors";
import type { PyDict } from "../render/values";
import { ExternalSorter } from "./external-sort";
import { assembleFewShot, drawExemplars, flanTemplateType, optionsSuffix, type RenderedPair } from "./few-shot";
import type { MixParams } from "./params";
import { planMixture, selectTemplates, type MixPlan, type MixTemplate } from "./plan";
import { SeededRandom, hashKey, keyHex, type Key64 } from "./prng";
import { p3SubsetName } from "../export/p3-name";
import { formatExample, type MixExample } from "./records";
import { countRows, findRowFile, streamRowBatchesCompact, type RowInput } from "./rows";
import { configKey } from "./taxonomy";

export const MIXTURE_ENGINE = "promptpool-mixture/1";

export interface PreparedMixture {
  plan: MixPlan;
  files: Record<string, RowInput>;
  templates: MixTemplate[];
  params: MixParams;
}

/** Where a config's split is read from: a file of a `--rows` folder, the database, ...; null when it has none. */
export type RowLookup = (dataset: string, subset: string | null, split: string) => Promise<RowInput | null>;

/** Finds and counts the rows of the selected datasets, then plans. Refusals come from here, before any rendering. */
export function prepareMixture(templates: readonly MixTemplate[], rowsDir: string, params: MixParams): Promise<PreparedMixture> {
  return prepareMixtureWith(templates, (dataset, subset, split) => findRowFile(rowsDir, dataset, subset, split), params);
}

/** prepareMixture with rows from any source (the app's database passes RowStreams). */
export async function prepareMixtureWith(templates: readonly MixTemplate[], lookup: RowLookup, params: MixParams): Promise<PreparedMixture> {
  const { chosen } = selectTemplates(templates, params);
  const files: Record<string, RowInput> = {};
  const counts: Record<string, number> = {};
  const seen = new Set<string>();
  for (const t of chosen) {
    const key = configKey(t.dataset, t.subset);
    if (seen.has(key)) continue;
    seen.add(key);
    const file = await lookup(t.dataset, t.subset, params.split);
    if (file === null) continue;
    files[key] = file;
    counts[key] = await countRows(file);
  }
  const plan = planMixture(templates, counts, params);
  return { plan, files, templates: [...templates], params };
}

export interface TemplateCount {
  dataset: string;
  name: string;
  version: number | null;
  category: string;
  planned: number;
  written: number;
}

export interface MixCounts {
  records: number;
  byDataset: Record<string, number>;
  byTemplate: Record<string, TemplateCount>;
  byCategory: Record<string, number>;
  byShots: Record<string, number>;
  byTemplateType: Record<string, number>;
  /** Planned examples not written: render error, empty input, or no target. */
  skipped: { error: number; emptyInput: number; noTarget: number };
}

export interface BuildOptions {
  /** Receives the output in order, as UTF-8 bytes (whole lines per chunk); resolves when accepted. The chunk is the receiver's to keep. */
  write(chunk: Uint8Array): Promise<void>;
  /** Bytes (about) buffered by the shuffle before spilling a run to a temporary file. */
  sortBudgetChars?: number;
  tempDir?: string;
  /**
   * Called after each dataset (`examples`: written for it) and every few thousand rows within one;
   * `rowsRead` of `rowsTotal` counts the rows of the planned datasets the sampling pass has gone
   * through (the exemplar pass is not counted), then the shuffle's merge writes the file.
   */
  onProgress?(p: MixProgress): void;
  /** Aborting stops the build at the next batch of rows (or of output) with the signal's reason. */
  signal?: AbortSignal;
}

export interface MixProgress {
  phase: "sample" | "write";
  dataset: string;
  examples: number;
  records: number;
  /** examples planned (records fall short of it by the renders skipped) */
  planned: number;
  rowsRead: number;
  rowsTotal: number;
}

/** The reason a build stopped when its signal aborted without an Error reason. */
export class MixtureCancelled extends Error {
  constructor() {
    super("The mixture build was cancelled");
    this.name = "MixtureCancelled";
  }
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new MixtureCancelled();
}

const inc = (m: Record<string, number>, k: string, by = 1) => {
  m[k] = (m[k] ?? 0) + by;
};

function inShard(k: Key64, shard: { index: number; count: number }): boolean {
  return shard.count === 1 || Math.floor((k.hi * shard.count) / 4294967296) === shard.index - 1;
}

interface TemplateState {
  t: MixTemplate;
  prepared: PreparedTemplate;
  need: number;
  fewNeed: number;
  fewLeft: number;
  select: SeededRandom;
  few: SeededRandom;
  /** Rendered exemplars (pool rows in row order) and their row indexes. */
  pool: RenderedPair[];
  poolRows: number[];
}

interface Rendered {
  input: string;
  target: string;
  choices: string[] | null;
}

type RenderOutcome = Rendered | "error" | "emptyInput" | "noTarget";

function render(st: TemplateState, row: PyDict, index: number, params: MixParams): RenderOutcome {
  const res = applyTemplate(st.prepared, row, { seed: params.seedBase + index });
  if (res.error !== null || res.parts === null) return "error";
  const input = res.parts[0] ?? "";
  if (input === "") return "emptyInput";
  const target = res.parts.length >= 2 ? res.parts[1] : "";
  if (target === "") return "noTarget";
  return { input, target, choices: res.answerChoices };
}

function withOptions(st: TemplateState, r: Rendered, params: MixParams): { input: string; opt: boolean } {
  const opt = params.options === "auto" && r.choices !== null && r.choices.length > 0;
  // choices already listed by the prompt itself are not listed twice
  return { input: opt && st.t.choicesInPrompt !== true ? r.input + optionsSuffix(r.choices!) : r.input, opt };
}

/** Builds the planned mixture and writes it through `options.write`. */
export async function buildMixture(prepared: PreparedMixture, options: BuildOptions): Promise<MixCounts> {
  const { plan, files, params } = prepared;
  const byId = new Map(prepared.templates.map((t) => [`${configKey(t.dataset, t.subset)}\u0000${t.id}`, t]));
  const counts: MixCounts = {
    records: 0,
    byDataset: {},
    byTemplate: {},
    byCategory: {},
    byShots: {},
    byTemplateType: {},
    skipped: { error: 0, emptyInput: 0, noTarget: 0 },
  };
  const sorter = new ExternalSorter(options.sortBudgetChars, options.tempDir);
  const rowsTotal = plan.datasets.reduce((a, d) => a + d.rows, 0);
  let rowsRead = 0;
  const progress = (phase: MixProgress["phase"], dataset: string, examples: number) =>
    options.onProgress?.({ phase, dataset, examples, records: counts.records, planned: plan.total, rowsRead, rowsTotal });
  try {
    for (const d of plan.datasets) {
      checkAborted(options.signal);
      const file = files[d.key];
      if (!file) throw validationError(`No rows file for ${d.key}`);
      const states: TemplateState[] = d.templates.map((pt) => {
        const t = byId.get(`${d.key}\u0000${pt.id}`)!;
        counts.byTemplate[pt.id] = { dataset: d.key, name: pt.name, version: pt.version, category: pt.category, planned: pt.planned, written: 0 };
        return {
          t,
          prepared: prepareTemplate({ id: t.id, name: t.name, jinja: t.jinja, answerChoices: t.answerChoices }),
          need: pt.planned,
          fewNeed: pt.fewShot,
          fewLeft: pt.planned,
          select: new SeededRandom(params.seed, "select", d.key, t.id),
          few: new SeededRandom(params.seed, "few", d.key, t.id),
          pool: [],
          poolRows: [],
        };
      });
      const n = d.rows;

      // Exemplar pool: a seeded sample of the split's rows, rendered once per template that needs it.
      const fewStates = states.filter((s) => s.fewNeed > 0);
      if (fewStates.length > 0) {
        const poolRng = new SeededRandom(params.seed, "pool", d.key);
        let poolNeed = Math.min(n, params.exemplarPool);
        pool: for await (const batch of streamRowBatchesCompact(file)) {
          checkAborted(options.signal);
          for (let j = 0; j < batch.length; j++) {
            const index = batch.first + j;
            if (poolNeed === 0 || index >= n) break pool;
            if (poolRng.nextFloat() * (n - index) >= poolNeed) continue;
            poolNeed--;
            const row = batch.row(j);
            for (const s of fewStates) {
              const r = render(s, row, index, params);
              if (typeof r === "string") continue;
              s.pool.push({ input: withOptions(s, r, params).input, target: r.target });
              s.poolRows.push(index);
            }
          }
        }
      }

      let left = n;
      let examples = 0;
      const rowsBefore = rowsRead;
      rows: for await (const batch of streamRowBatchesCompact(file)) {
        checkAborted(options.signal);
        progress("sample", d.key, examples);
        for (let j = 0; j < batch.length; j++) {
          const index = batch.first + j;
          if (index >= n) break rows;
          let row: PyDict | null = null;
          for (const s of states) {
            if (s.need === 0) continue;
            if (s.select.nextFloat() * left >= s.need) continue;
            s.need--;
            const fewShot = s.few.nextFloat() * s.fewLeft < s.fewNeed;
            s.fewLeft--;
            if (fewShot) s.fewNeed--;
            const key = hashKey(params.seed, "order", d.key, s.t.id, index);
            if (!inShard(key, params.shard)) continue;
            row ??= batch.row(j);
            const r = render(s, row, index, params);
            if (typeof r === "string") {
              counts.skipped[r]++;
              continue;
            }
            const { input, opt } = withOptions(s, r, params);
            let inputs = input;
            let shots = 0;
            if (fewShot) {
              const rng = new SeededRandom(params.seed, "exemplars", d.key, s.t.id, index);
              const self = binarySearch(s.poolRows, index);
              const picks = drawExemplars(s.pool.length, params.k, self, rng).map((i) => s.pool[i]);
              ({ inputs, shots } = assembleFewShot(input, picks, params));
            }
            const example: MixExample = {
              inputs,
              targets: r.target,
              task: p3SubsetName(d.dataset, d.subset, s.t.name),
              template_id: s.t.id,
              template_version: s.t.version,
              dataset: d.key,
              split: params.split,
              shots,
              template_type: flanTemplateType(shots, opt),
            };
            await sorter.add(`${keyHex(key)}\u0001${d.key}\u0001${s.t.id}\u0001${String(index).padStart(12, "0")}`, formatExample(example, params.format));
            counts.records++;
            examples++;
            counts.byTemplate[s.t.id].written++;
            inc(counts.byDataset, d.key);
            inc(counts.byCategory, s.t.category);
            inc(counts.byShots, String(shots));
            inc(counts.byTemplateType, example.template_type);
          }
          left--;
          rowsRead++;
        }
      }
      rowsRead = rowsBefore + n;
      progress("sample", d.key, examples);
    }

    // The merged lines go out as the bytes the sort holds (never decoded again), in 64 KB chunks.
    let sinceProgress = 0;
    for await (const chunk of sorter.sortedChunks()) {
      await options.write(chunk);
      sinceProgress += chunk.length;
      if (sinceProgress >= 1 << 20) {
        sinceProgress = 0;
        checkAborted(options.signal);
        progress("write", "", counts.records);
      }
    }
  } finally {
    await sorter.dispose();
  }
  return counts;
}

function binarySearch(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === x) return mid;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

const sortedRecord = <T>(m: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Where the templates and rows came from (a release of the app's database); files leave it out. */
export interface MixtureSourceInfo {
  release: string;
  seedBase: number;
  taxonomy: string;
}

/** The manifest: every parameter, the plan, what was written, the file's SHA-256. No clock, no paths beyond the file name. */
export function mixtureManifest(prepared: PreparedMixture, counts: MixCounts, file: { name: string; bytes: number; sha256: string }, source?: MixtureSourceInfo) {
  const { plan, params } = prepared;
  return {
    engine: MIXTURE_ENGINE,
    ...(source ? { source } : {}),
    params,
    file,
    shard: params.shard,
    plan: {
      split: plan.split,
      total: plan.total,
      fewShot: plan.fewShot,
      byDataset: Object.fromEntries(plan.datasets.map((d) => [d.key, { category: d.category, rows: d.rows, planned: d.planned }])),
      byCategory: plan.byCategory,
      excluded: plan.excluded,
      notes: plan.notes,
    },
    written: {
      records: counts.records,
      byDataset: sortedRecord(counts.byDataset),
      byCategory: sortedRecord(counts.byCategory),
      byShots: sortedRecord(counts.byShots),
      byTemplateType: sortedRecord(counts.byTemplateType),
      byTemplate: sortedRecord(counts.byTemplate),
      skipped: counts.skipped,
    },
  };
}

export type MixtureManifest = ReturnType<typeof mixtureManifest>;

/** The manifest file's text (two-space JSON and a newline), the same for a file, a job's download and the CLI. */
export function mixtureManifestText(manifest: MixtureManifest): string {
  return JSON.stringify(manifest, null, 2) + "\n";
}

/** Default manifest path: `<out>.manifest.json` beside the output (`mix.jsonl` → `mix.manifest.json`). */
export function manifestPathFor(out: string): string {
  return out.replace(/\.jsonl$/, "") + ".manifest.json";
}

/**
 * Builds into `out` and writes the manifest beside it. The file is written under a temporary name
 * and renamed at the end, so a failure (a malformed row found halfway) leaves no partial output.
 */
export async function writeMixture(
  prepared: PreparedMixture,
  out: string,
  options: Omit<BuildOptions, "write"> & {
    /** where the manifest goes (default `<out>.manifest.json`); false: only returned (a job keeps it in its result) */
    manifestPath?: string | false;
    /** the file name the manifest records (default: out's base name) */
    fileName?: string;
    source?: MixtureSourceInfo;
  } = {},
): Promise<{ counts: MixCounts; manifest: MixtureManifest; manifestPath: string | null }> {
  const hash = createHash("sha256");
  let bytes = 0;
  const partial = `${out}.partial`;
  const stream = createWriteStream(partial);
  const failed = new Promise<never>((_, reject) => stream.on("error", reject));
  failed.catch(() => {});
  let counts: MixCounts;
  try {
    counts = await buildMixture(prepared, {
      ...options,
      async write(buf) {
        hash.update(buf);
        bytes += buf.length;
        if (!stream.write(buf)) await Promise.race([new Promise<void>((r) => stream.once("drain", () => r())), failed]);
      },
    });
    await Promise.race([new Promise<void>((r) => stream.end(() => r())), failed]);
    await rename(partial, out);
  } catch (e) {
    // Wait for the stream to close: it opens its file asynchronously, and a file opened after the
    // removal would be left behind.
    stream.destroy();
    if (!stream.closed) await new Promise<void>((r) => stream.once("close", () => r()));
    await rm(partial, { force: true });
    throw e;
  }
  const manifest = mixtureManifest(prepared, counts, { name: options.fileName ?? path.basename(out), bytes, sha256: hash.digest("hex") }, options.source);
  const manifestPath = options.manifestPath === false ? null : (options.manifestPath ?? manifestPathFor(out));
  if (manifestPath !== null) await writeFile(manifestPath, mixtureManifestText(manifest));
  return { counts, manifest, manifestPath };
}
