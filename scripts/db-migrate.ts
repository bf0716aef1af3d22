// `npm run db:migrate`: applies the committed migrations (`prisma migrate deploy`, never `db push`)
// to the database named by DATABASE_URL, choosing the SQLite or PostgreSQL migrations by its scheme.
// SQLite: creates the file's folder. PostgreSQL: creates the database when the server has none by
// that name. Failures print one line (no stack trace) and exit 1; bad configuration exits 2.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseProvider, getEnv } from "../lib/env";
import { ConfigError } from "../lib/errors";
import { runPrisma } from "./db-prisma.mjs";

export class MigrateError extends Error {}

/** host:port/database without credentials, for messages. */
export function describeDatabaseUrl(url: string): string {
  if (url.startsWith("file:")) return `SQLite ${sqlitePath(url)}`;
  try {
    const u = new URL(url);
    return `PostgreSQL ${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "PostgreSQL (unparsable DATABASE_URL)";
  }
}

export function sqlitePath(url: string): string {
  return url.replace(/^file:/, "").replace(/\?.*$/, "");
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function ensurePostgresDatabase(url: string): Promise<void> {
  const where = describeDatabaseUrl(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.end();
    return;
  } catch (error) {
    await client.end().catch(() => {});
    const code = (error as { code?: string }).code;
    if (code !== "3D000") {
      throw new MigrateError(`cannot reach ${where}: ${(error as Error).message || code}`);
    }
  }
  // The database does not exist yet: create it from the server's maintenance database.
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  u.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: u.toString(), connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
  } catch (error) {
    throw new MigrateError(`cannot create ${where}: ${(error as Error).message}`);
  } finally {
    await admin.end().catch(() => {});
  }
}

function ensureSqliteFolder(url: string): void {
  const file = sqlitePath(url);
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  } catch (error) {
    throw new MigrateError(`cannot create the folder of ${file}: ${(error as Error).message}`);
  }
}

function lastMeaningfulLine(output: string): string {
  const lines = output
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("Loaded Prisma config") && !l.startsWith("Prisma schema loaded") && !l.startsWith("Datasource"));
  const error = lines.find((l) => /^Error:|P\d{4}/.test(l));
  return error ?? lines.at(-1) ?? "unknown error";
}

/** Applies pending migrations; returns the number applied. Throws MigrateError with a one-line message. */
export async function migrateDatabase(url: string): Promise<{ applied: number }> {
  const provider = databaseProvider(url);
  if (provider === "sqlite") ensureSqliteFolder(url);
  else await ensurePostgresDatabase(url);
  const result = await runPrisma(provider === "sqlite" ? "sqlite" : "postgres", ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url },
    inherit: false,
  });
  const output = result.stdout + "\n" + result.stderr;
  if (result.code !== 0) {
    throw new MigrateError(`migrating ${describeDatabaseUrl(url)} failed: ${lastMeaningfulLine(output)}`);
  }
  if (provider === "sqlite") {
    // WAL lets the app read while the seed or a second process writes; the mode is stored in the file.
    const db = new Database(sqlitePath(url));
    try {
      db.pragma("journal_mode = WAL");
    } finally {
      db.close();
    }
  }
  const match = /The following migration\(s\) have been applied:([\s\S]*?)(All migrations|$)/.exec(output);
  const applied = match ? (match[1].match(/migration\.sql/g) ?? []).length : 0;
  return { applied };
}

async function main(): Promise<void> {
  const started = Date.now();
  let url: string;
  try {
    url = getEnv().DATABASE_URL;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`db:migrate: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  try {
    const { applied } = await migrateDatabase(url);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`db:migrate: ${describeDatabaseUrl(url)} is up to date (${applied} migration(s) applied, ${seconds} s)`);
  } catch (error) {
    if (error instanceof MigrateError) {
      console.error(`db:migrate: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void main();
}
