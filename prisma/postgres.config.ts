// Prisma CLI configuration for PostgreSQL (see prisma.config.ts for why every call needs one).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { getEnv } from "../lib/env";
import { postgresMigrationAdapter } from "./migrate-adapters";

export default defineConfig({
  experimental: { adapter: true, externalTables: true },
  engine: "js",
  // Paths are relative to this file.
  schema: path.join("postgres", "schema.prisma"),
  migrations: { path: path.join("postgres", "migrations") },
  // The full-text search table written by hand in migration search_fts (a stored tsvector column is
  // not expressible in the schema); migrate diff leaves it alone instead of reporting drift.
  tables: { external: ["public.TemplateSearchDoc"] },
  async adapter() {
    const url = getEnv().DATABASE_URL;
    if (url.startsWith("file:")) throw new Error(`prisma/postgres.config.ts is for PostgreSQL; DATABASE_URL is a file: URL`);
    return postgresMigrationAdapter(url);
  },
});
