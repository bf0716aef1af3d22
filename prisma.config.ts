// Prisma CLI configuration for SQLite (the default). Every CLI call must load a config like this one:
// without it Prisma falls back to its native engine, which it would have to download (it cannot here).
// PostgreSQL uses prisma/postgres.config.ts. Run the CLI through scripts/db-prisma.mjs, which also
// preloads scripts/db-unref-timers.cjs. DATABASE_URL comes from lib/env (the CLI does not read .env).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { getEnv } from "./lib/env";
import { sqliteMigrationAdapter } from "./prisma/migrate-adapters";

export default defineConfig({
  experimental: { adapter: true, externalTables: true },
  engine: "js",
  schema: path.join("prisma", "sqlite", "schema.prisma"),
  migrations: { path: path.join("prisma", "sqlite", "migrations") },
  // Full-text search tables written by hand in migration search_fts (an FTS5 table and its shadow
  // tables cannot be Prisma models); migrate diff leaves them alone instead of reporting drift.
  tables: {
    external: ["TemplateSearchDoc", "TemplateSearchFts", "TemplateSearchFts_data", "TemplateSearchFts_idx", "TemplateSearchFts_docsize", "TemplateSearchFts_config"],
  },
  async adapter() {
    const url = getEnv().DATABASE_URL;
    if (!url.startsWith("file:")) throw new Error(`prisma.config.ts is for SQLite; DATABASE_URL is not a file: URL`);
    return sqliteMigrationAdapter(url);
  },
});
