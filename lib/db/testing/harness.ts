// Runs one data-layer suite against every available provider:
//   describeDb("templates", (db) => { it(...) })
// gives `describe("templates [sqlite]")` and, with TEST_POSTGRES_URL, `describe("templates [postgresql]")`,
// each on its own freshly migrated database that lib/db is pointed at for the duration of the block.
import { copyFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { disconnectDb, useDatabaseUrl } from "../client";
import { createDatabaseFromTemplate, dropDatabase, withDatabaseName } from "./postgres-admin";

export type TestProvider = "sqlite" | "postgresql";

export interface TestDatabase {
  provider: TestProvider;
  url: string;
  /** Switches lib/db to a new, empty (migrated) database of the same provider. */
  fresh(): Promise<void>;
}

export function availableProviders(): TestProvider[] {
  return inject("dbTest").postgres ? ["sqlite", "postgresql"] : ["sqlite"];
}

const created: { provider: TestProvider; name: string }[] = [];

async function createDatabase(provider: TestProvider): Promise<string> {
  const config = inject("dbTest");
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  if (provider === "sqlite") {
    const file = path.join(config.sqliteDir, `${name}.db`);
    copyFileSync(config.sqliteTemplatePath, file);
    return `file:${file}`;
  }
  const pgConfig = config.postgres!;
  const dbName = `${pgConfig.prefix}_${name}`;
  await createDatabaseFromTemplate(pgConfig.serverUrl, dbName, pgConfig.templateName);
  created.push({ provider, name: dbName });
  return withDatabaseName(pgConfig.serverUrl, dbName);
}

export function describeDb(name: string, fn: (db: TestDatabase) => void): void {
  for (const provider of availableProviders()) {
    describe(`${name} [${provider}]`, () => {
      const db: TestDatabase = {
        provider,
        url: "",
        async fresh() {
          db.url = await createDatabase(provider);
          await useDatabaseUrl(db.url);
        },
      };
      beforeAll(() => db.fresh());
      afterAll(async () => {
        await disconnectDb();
        await useDatabaseUrl(null);
        const pgConfig = inject("dbTest").postgres;
        if (pgConfig) {
          while (created.length) await dropDatabase(pgConfig.serverUrl, created.pop()!.name);
        }
      });
      fn(db);
    });
  }
}
