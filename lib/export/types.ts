/**
 * The export engine's input and output shapes. Plain data: the web app (database-backed) and the
 * CLI (files) both build an ExportSource and hand it to the same code.
 */
import type { PyDict } from "../render/values";
import type { PromptSourceTemplate } from "../templates/promptsource-yaml";

export const EXPORT_FORMATS = ["promptsource", "p3", "xp3", "flan", "alpaca", "chat"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A template as PromptSource knows it, plus where it belongs and which stored version it is. */
export interface ExportTemplate extends PromptSourceTemplate {
  /** `super_glue`, or `Zaid/coqa_expanded` for a community dataset. */
  dataset: string;
  subset: string | null;
  /** The database version exported (written to the manifest); absent for files. */
  versionId?: string;
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
}

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
}
