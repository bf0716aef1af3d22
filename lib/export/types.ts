/**
 * The export engine's input and output shapes. Plain data: the web app (database-backed) and the
 * CLI (files) both build an ExportSource and hand it to the same code.
 */
import type { PyDict } from "../render/values";
import type { Instruction } from "../templates/instruction";
import type { PromptSourceTemplate } from "../templates/promptsource-yaml";
import type { SniTaskInfo } from "./sni";
import type { PoolSetup, WorkerPool } from "./worker-pool";

export type { SniTaskInfo } from "./sni";

/** `sni`: one Super-NaturalInstructions task file per instruction template (the others are left out). */
export const EXPORT_FORMATS = ["promptsource", "p3", "xp3", "flan", "alpaca", "chat", "sni"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A template as PromptSource knows it, plus where it belongs and which stored version it is. */
export interface ExportTemplate extends PromptSourceTemplate {
  /** `super_glue`, or `Zaid/coqa_expanded` for a community dataset. */
  dataset: string;
  subset: string | null;
  /** The database version exported (written to the manifest); absent for files. */
  versionId?: string;
  /**
   * An instruction template's definition and examples (lib/templates/instruction.ts): the `sni`
   * format exports only templates that have one; the PromptSource YAML carries it as the
   * template's `instruction` field; the other formats use the jinja alone.
   */
  instruction?: Instruction | null;
  /** Contributors, categories and license of the SNI task (`sni` only; empty when absent). */
  task?: SniTaskInfo;
}

export interface ExportSource {
  templates: readonly ExportTemplate[];
  /** The splits that have rows for a dataset config ([] when none). Not needed for `promptsource`. */
  splits(dataset: string, subset: string | null): Promise<readonly string[]> | readonly string[];
  /**
   * The rows of one split, in a stable order (the row index seeds the renderer, so the same rows
   * in the same order give the same export). Called once per split of each config and read to
   * the end; the engine keeps parsed rows only up to its cache budget, so a source should stream.
   */
  rows(dataset: string, subset: string | null, split: string): AsyncIterable<PyDict>;
  /**
   * Optional: the JSONL file `rows` reads for a split (one JSON object per line), so that export
   * workers (`ExportOptions.workers`) read and parse it themselves. Splits without one are
   * rendered in the calling thread.
   */
  rowsFile?(dataset: string, subset: string | null, split: string): string | null;
}

export interface ExportProgress {
  /** (template, row) pairs rendered so far. */
  records: number;
  /** Bytes of file content produced so far (before compression). */
  bytes: number;
  files: number;
}

export interface ExportOptions {
  format: ExportFormat;
  /** Python's RNG is seeded with seedBase + row index before each apply. Default 0. */
  seedBase?: number;
  /** The release the templates were frozen in, when there is one (written to the manifest). */
  release?: string | null;
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
  /**
   * How many characters of parsed rows (estimated) the engine keeps per split so that rows are
   * read once per split instead of once per template. Over this, rows are streamed again for
   * every template. Default 16 million.
   */
  rowCacheChars?: number;
  /** `sni`: most instances per task (default SNI's own bound, 6,500); rows past it are not rendered. */
  sniMaxInstances?: number;
  /**
   * Render in this many worker threads (default 1: in the calling thread). The output is the same
   * bytes whatever the number: files keep their order, each is produced whole by one worker.
   * Needs a source with `rowsFile` and a Node process that can load TypeScript (tsx: the CLI and
   * scripts); the row cache and score buffers are split between the workers.
   */
  workers?: number;
  /**
   * Starts the worker threads when `workers` > 1: pass `startWorkerPool` from ./worker-pool. Given
   * by the caller, not imported by the engine, so the web app's bundle never traces the worker's
   * entry (it loads TypeScript through tsx, which Next cannot bundle). Without it, one thread.
   */
  startWorkerPool?: StartWorkerPool;
  /**
   * The reader keeps no chunk of a file's content once it asks for the next one (writeFolder and
   * writeChunks(zipFiles(...)) do not), so the engine may give that memory to later chunks: with
   * workers, each chunk of their output slots is copied into one chunk of this thread's memory and
   * the slot freed at once (worker-pool.ts `read`); in one thread, its chunks are written again
   * (no fresh memory per chunk, which V8 counts toward full collections). A chunk kept anyway is
   * overwritten or reads as empty. Default false: every chunk is new memory.
   */
  reuseChunks?: boolean;
}

export type StartWorkerPool = (count: number, setup: PoolSetup, onRendered: (n: number) => void, reuseChunks: boolean) => WorkerPool;

/** One file of an export, produced as it is read. */
export interface ExportFile {
  /** Relative path with `/` separators. */
  path: string;
  content: AsyncIterable<Uint8Array>;
}

export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface SplitCounts {
  /** Records written. */
  records: number;
  /** Rows the template rendered empty (or into other than 2 parts), dropped as P3 drops them. */
  dropped: number;
  /** Rows whose render raised an error (dropped). */
  errors: number;
}

export interface Manifest {
  format: ExportFormat;
  release: string | null;
  engine: { name: string; version: string };
  seed_base: number;
  templates: { id: string; dataset: string; subset: string | null; name: string; version_id: string | null; folder: string | null }[];
  /** folder -> split -> counts (data formats; {} for promptsource). */
  folders: Record<string, Record<string, SplitCounts>>;
  /** Rows stems of configs that had templates but no rows (nothing rendered for them). */
  configs_without_rows: string[];
  totals: { templates: number; rendered: number; records: number; dropped: number; errors: number; files: number; bytes: number };
  /** Every other file of the export, in order. */
  files: ManifestFile[];
  /** `sni` only: per task file, what became of the rendered rows. */
  sni_tasks?: Record<string, SniTaskCounts>;
}

export interface SniTaskCounts {
  template_id: string;
  instances: number;
  /** rows whose input an earlier instance already had: their outputs were merged into it */
  merged: number;
  /** rows whose input is a positive example's (left out, as SNI asks) */
  positive_overlap: number;
  /** rows not rendered because the task had its maximum of instances */
  over_cap: number;
}
