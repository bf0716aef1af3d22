// Prisma CLI configuration for PostgreSQL (see prisma.config.ts for why every call needs one).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { getEnv } from "../lib/env";
import { postgresMigrationAdapter } from "./migrate-adapters";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  // Paths are relative to this file.
  schema: path.join("postgres", "schema.prisma"),
  migrations: { path: path.join("postgres", "migrations") },
  async adapter() {
    const url = getEnv().DATABASE_URL;
    if (url.startsWith("file:")) throw new Error(`prisma/postgres.config.ts is for PostgreSQL; DATABASE_URL is a file: URL`);
    return postgresMigrationAdapter(url);
  },
});
