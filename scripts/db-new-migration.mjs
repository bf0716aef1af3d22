#!/usr/bin/env node
// `npm run db:new-migration -- <name>`: after editing prisma/sqlite/schema.prisma, writes the
// PostgreSQL schema and one new migration per provider, computed by `prisma migrate diff` from the
// committed migrations (replayed on a shadow database) to the schema. No database of yours is
// touched. (`migrate dev --create-only` also works but the JS engine then exits 1 with "null
// pointer passed to rust" after writing the file; this path has no such defect.)
// Needs a PostgreSQL server for the shadow database: TEST_POSTGRES_URL or
// postgresql://postgres@127.0.0.1:5432/postgres.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { runPrisma } from "./db-prisma.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:new-migration -- <name in snake_case>");
  process.exit(2);
}
execFileSync(process.execPath, [path.join(root, "scripts/db-generate-schemas.mjs")], { stdio: "inherit" });

const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const tmp = mkdtempSync(path.join(os.tmpdir(), "promptpool-newmig-"));
const urls = {
  sqlite: `file:${path.join(tmp, "main.db")}`,
  postgres: process.env.TEST_POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/postgres",
};
let status = 0;
try {
  for (const provider of ["sqlite", "postgres"]) {
    const { code, stdout, stderr } = await runPrisma(
      provider,
      ["migrate", "diff", "--from-migrations", `prisma/${provider}/migrations`, "--to-schema-datamodel", `prisma/${provider}/schema.prisma`, "--script"],
      { env: { ...process.env, DATABASE_URL: urls[provider] }, inherit: false },
    );
    if (code !== 0) {
      process.stderr.write(stderr);
      console.error(`db:new-migration: migrate diff failed for ${provider}`);
      status = 1;
      break;
    }
    if (stdout.includes("This is an empty migration.")) {
      console.log(`db:new-migration: ${provider}: schema and migrations already match; nothing written`);
      continue;
    }
    const dir = path.join(root, "prisma", provider, "migrations", `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration.sql"), stdout);
    console.log(`db:new-migration: wrote ${path.relative(root, dir)}/migration.sql`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(status);
