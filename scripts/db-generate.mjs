#!/usr/bin/env node
// Generates both Prisma clients (lib/db/generated/{sqlite,postgres}, git-ignored). Runs as
// "postinstall": it only reads the schemas and writes TypeScript; nothing is downloaded.
// It does not rewrite prisma/postgres/schema.prisma (that is `npm run db:schemas`), so a stale
// committed schema still fails the drift test on a fresh clone.
import { runPrisma } from "./db-prisma.mjs";

// `generate` validates the datasource URL against the provider but never connects.
const PLACEHOLDER_URLS = {
  sqlite: "file:./data/promptpool.db",
  postgres: "postgresql://placeholder.invalid:5432/promptpool",
};

for (const provider of ["sqlite", "postgres"]) {
  const { code, stdout, stderr } = await runPrisma(provider, ["generate"], {
    env: { ...process.env, DATABASE_URL: PLACEHOLDER_URLS[provider] },
    inherit: false,
  });
  if (code !== 0) {
    process.stderr.write(stdout + stderr);
    console.error(`db:generate: prisma generate failed for ${provider} (exit ${code})`);
    process.exit(code);
  }
  // The CLI exits 0 even when it could not read the schema: require its success line.
  const line = stdout.split("\n").find((l) => l.includes("Generated Prisma Client"));
  if (!line) {
    process.stderr.write(stdout + stderr);
    console.error(`db:generate: prisma generate did not generate the ${provider} client`);
    process.exit(1);
  }
  console.log(`db:generate: ${provider}: ${line.replace(/^\W+/, "")}`);
}
