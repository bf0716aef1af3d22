// Vitest global setup for *.db.test.ts: migrates one template database per provider with the
// committed migrations (the real `prisma migrate deploy`), and drops everything it created at the end.
//  - SQLite: a file in a temporary folder; test files copy it.
//  - PostgreSQL: when TEST_POSTGRES_URL is set (a server URL such as
//    postgresql://postgres@127.0.0.1:5432/postgres; the role needs CREATEDB), a database
//    promptpool_test_<run>_base; test files create theirs with CREATE DATABASE ... TEMPLATE.
//    With CI=true and no TEST_POSTGRES_URL the run fails instead of silently skipping PostgreSQL.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../../../scripts/db-migrate";
import { dropDatabasesWithPrefix, withDatabaseName } from "./postgres-admin";

declare module "vitest" {
  export interface ProvidedContext {
    dbTest: {
      sqliteTemplatePath: string;
      sqliteDir: string;
      postgres: { serverUrl: string; templateName: string; prefix: string } | null;
    };
  }
}

export default async function setup(project: TestProject) {
  const started = Date.now();
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  // RAM-backed when available: every commit fsyncs, and the suite commits a few thousand times.
  const tmpRoot = existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir();
  const sqliteDir = mkdtempSync(path.join(tmpRoot, "promptpool-dbtest-"));
  const sqliteTemplatePath = path.join(sqliteDir, "template.db");

  const serverUrl = process.env.TEST_POSTGRES_URL || "";
  if (!serverUrl && process.env.CI === "true") {
    throw new Error("TEST_POSTGRES_URL is not set: CI must run the data-layer tests on PostgreSQL too (e.g. postgresql://postgres@127.0.0.1:5432/postgres)");
  }
  const prefix = `promptpool_test_${runId}`;
  const postgres = serverUrl ? { serverUrl, templateName: `${prefix}_base`, prefix } : null;

  const jobs: Promise<unknown>[] = [migrateDatabase(`file:${sqliteTemplatePath}`)];
  if (postgres) jobs.push(migrateDatabase(withDatabaseName(serverUrl, postgres.templateName)));
  await Promise.all(jobs);
  project.provide("dbTest", { sqliteTemplatePath, sqliteDir, postgres });
  console.log(`db tests: migrated SQLite${postgres ? " and PostgreSQL" : " (PostgreSQL skipped: TEST_POSTGRES_URL unset)"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  return async () => {
    rmSync(sqliteDir, { recursive: true, force: true });
    if (postgres) await dropDatabasesWithPrefix(serverUrl, prefix);
  };
}
