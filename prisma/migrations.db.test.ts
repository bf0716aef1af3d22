import path from "node:path";
import { inject, it } from "vitest";
import { runPrisma } from "../scripts/db-prisma.mjs";
import { availableProviders } from "../lib/db/testing/harness";

// The committed migrations must produce exactly the schema: a model change without a migration
// (or a hand edit that Prisma would undo) fails here. Uses the shadow-database workarounds of
// prisma/migrate-adapters.ts, so it also checks that `migrate dev` can work on both providers.
for (const provider of availableProviders()) {
  it.concurrent(`migrations of ${provider} match its schema`, async ({ expect }) => {
    const dir = provider === "sqlite" ? "sqlite" : "postgres";
    const config = inject("dbTest");
    const url =
      provider === "sqlite"
        ? `file:${path.join(config.sqliteDir, "diff-main.db")}`
        : // Not the template database: a connection to it would block CREATE DATABASE ... TEMPLATE elsewhere.
        config.postgres!.serverUrl;
    const result = await runPrisma(
      dir,
      ["migrate", "diff", "--from-migrations", `prisma/${dir}/migrations`, "--to-schema-datamodel", `prisma/${dir}/schema.prisma`, "--script", "--exit-code"],
      { env: { ...process.env, DATABASE_URL: url }, inherit: false },
    );
    expect(result.stderr + result.stdout).toContain("This is an empty migration.");
    expect(result.code).toBe(0);
  });
}
