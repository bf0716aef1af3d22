// The only reader of process.env. Parsed lazily (so `next build` and scripts that need only one
// variable do not trip over the others) and validated with zod. Throws ConfigError with one line
// naming the variable; exiting is the caller's job.
import { z } from "zod";
import { ConfigError } from "./errors";

const booleanFlag = z
  .enum(["1", "0", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");

const envObjectSchema = z.object({
  /** default: file:<PROMPTPOOL_DATA_DIR>/promptpool.db, i.e. file:./data/promptpool.db */
  DATABASE_URL: z
    .string()
    .refine((v) => v.startsWith("file:") || v.startsWith("postgresql://") || v.startsWith("postgres://"), {
      message: 'must start with "file:" (SQLite) or "postgresql://" (PostgreSQL)',
    })
    .optional(),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  NEXTAUTH_URL: z.url("must be a URL such as http://localhost:3000").optional(),
  GITHUB_ID: z.string().min(1).optional(),
  GITHUB_SECRET: z.string().min(1).optional(),
  PROMPTPOOL_DEMO: booleanFlag,
  PROMPTPOOL_DATA_DIR: z.string().min(1).default("./data"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** largest PromptSource zip upload accepted (bytes, as sent) */
  PROMPTPOOL_IMPORT_MAX_UPLOAD_BYTES: z.coerce.number().int().min(1024).default(20 * 1024 * 1024),
  /** largest total size of the templates.yaml files inside an import zip once inflated (bytes) */
  PROMPTPOOL_IMPORT_MAX_UNZIPPED_BYTES: z.coerce.number().int().min(1024).default(100 * 1024 * 1024),
  /** most entries (files and folders) an import zip may hold */
  PROMPTPOOL_IMPORT_MAX_ENTRIES: z.coerce.number().int().min(1).default(10_000),
  /** sample-row imports: the largest file (bytes) and the most rows per file or per Hub split */
  PROMPTPOOL_SAMPLE_ROWS_MAX_BYTES: z.coerce.number().int().min(1000).max(1_000_000_000).default(25_000_000),
  PROMPTPOOL_SAMPLE_ROWS_MAX_ROWS: z.coerce.number().int().min(1).max(100_000).default(10_000),
  /** the Hugging Face dataset viewer API, and a token for gated datasets (a user may give their own per fetch) */
  PROMPTPOOL_HUB_URL: z.url("must be a URL such as https://datasets-server.huggingface.co").default("https://datasets-server.huggingface.co"),
  PROMPTPOOL_HUB_TOKEN: z.string().min(1).optional(),
  /** Largest request body the JSON API reads (bytes); bigger ones get 413. */
  PROMPTPOOL_API_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(1024 * 1024),
  /** Requests per minute per client address without a token (public API). */
  PROMPTPOOL_API_RATE_ANONYMOUS: z.coerce.number().int().min(1).max(1_000_000).default(60),
  /** Requests per minute per personal access token. */
  PROMPTPOOL_API_RATE_TOKEN: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** Rows one POST /api/v1/render may carry. */
  PROMPTPOOL_API_RENDER_MAX_ROWS: z.coerce.number().int().min(1).max(10_000).default(100),
  /** Wall-time budget of one POST /api/v1/render, all rows together (milliseconds). */
  PROMPTPOOL_API_RENDER_BUDGET_MS: z.coerce.number().int().min(10).max(60_000).default(2_000),
  /** Run the background-job worker in this instance (default on; 0 turns it off, e.g. for web-only instances). */
  PROMPTPOOL_JOBS_WORKER: z
    .enum(["1", "0", "true", "false"])
    .optional()
    .transform((v) => v !== "0" && v !== "false"),
  /** Where background jobs write their files (default <PROMPTPOOL_DATA_DIR>/exports); shared by every instance that serves downloads. */
  PROMPTPOOL_JOB_FILES_DIR: z.string().min(1).optional(),
  /** Finished jobs' files are removed this many hours after the job finished. */
  PROMPTPOOL_JOB_FILES_MAX_AGE_HOURS: z.coerce.number().min(0.01).max(24 * 365).default(168),
  /** A running job whose instance has not beaten its heartbeat for this long is re-queued (once) or failed. */
  PROMPTPOOL_JOBS_STALE_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  /**
   * A data-format export of at least this many renders runs as a background job when a signed-in
   * user asks for it on the export pages (a browser download holds the whole zip in memory).
   */
  PROMPTPOOL_BACKGROUND_EXPORT_RENDERS: z.coerce.number().int().min(1).default(250_000),
});

function defaultDatabaseUrl(dataDir: string): string {
  const dir = dataDir.replace(/\/+$/, "");
  const relative = !dir.startsWith("/") && !dir.startsWith("./") && !dir.startsWith("../");
  return `file:${relative ? "./" : ""}${dir}/promptpool.db`;
}

const envSchema = envObjectSchema.transform((env) => ({
  ...env,
  DATABASE_URL: env.DATABASE_URL ?? defaultDatabaseUrl(env.PROMPTPOOL_DATA_DIR),
}));

export type Env = z.output<typeof envSchema>;

let cached: Env | undefined;

/** Empty strings count as unset, as in most .env conventions. */
function readProcessEnv(source: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const key of Object.keys(envObjectSchema.shape)) {
    const value = source[key];
    out[key] = value === undefined || value === "" ? undefined : value;
  }
  return out;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(readProcessEnv(source));
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue.path[0] ?? "environment");
    throw new ConfigError(`${name}: ${issue.message}`);
  }
  const env = result.data;
  if (Boolean(env.GITHUB_ID) !== Boolean(env.GITHUB_SECRET)) {
    throw new ConfigError(
      `${env.GITHUB_ID ? "GITHUB_SECRET" : "GITHUB_ID"}: set both GITHUB_ID and GITHUB_SECRET to enable GitHub sign-in, or neither`,
    );
  }
  return env;
}

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** NEXTAUTH_SECRET is optional for scripts but required by the running app. */
export function getAuthSecret(): string {
  const secret = getEnv().NEXTAUTH_SECRET;
  if (!secret) throw new ConfigError("NEXTAUTH_SECRET: missing (the start script generates one in the data folder)");
  return secret;
}

export type DatabaseProvider = "sqlite" | "postgresql";

export function databaseProvider(url: string): DatabaseProvider {
  return url.startsWith("file:") ? "sqlite" : "postgresql";
}

/** Forget the parsed environment (tests that change process.env). */
export function resetEnvForTests(): void {
  cached = undefined;
}
