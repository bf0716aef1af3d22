import { defineConfig } from "vitest/config";
import os from "node:os";
import path from "node:path";

const unitAndDbInclude = ["lib/**/*.test.ts", "bin/**/*.test.ts", "prisma/**/*.test.ts", "scripts/**/*.test.ts"];
const dbTests = "**/*.db.test.ts";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      // "server-only" throws outside React Server Components; lib/db is plain Node under vitest.
      "server-only": path.resolve(__dirname, "lib/db/testing/empty-module.ts"),
    },
  },
  test: {
    environment: "node",
    // background jobs' files (lib/jobs) go to a temporary folder, not the repository's data/
    env: { PROMPTPOOL_JOB_FILES_DIR: path.join(os.tmpdir(), "promptpool-test-job-files") },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: unitAndDbInclude, exclude: ["**/node_modules/**", dbTests] },
      },
      {
        // Data-layer tests against real databases: SQLite always, PostgreSQL when TEST_POSTGRES_URL is
        // set (required when CI=true). The global setup migrates one template database per provider
        // with the committed migrations; each test file then gets its own copy.
        extends: true,
        test: {
          name: "db",
          include: unitAndDbInclude.map((p) => p.replace("*.test.ts", "*.db.test.ts")),
          globalSetup: ["lib/db/testing/global-setup.ts"],
        },
      },
    ],
  },
});
