#!/usr/bin/env node
// Playwright's web server: a fresh SQLite database under tmp/e2e-data, migrated and seeded with the
// demo data, then the production build served on 127.0.0.1. Builds first when the build is stale.
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { buildIfNeeded, ROOT } from "../scripts/start.mjs";

const port = process.argv[2] ?? "3100";
const dataDir = path.join(ROOT, "tmp", "e2e-data");
fs.rmSync(dataDir, { recursive: true, force: true });
fs.mkdirSync(dataDir, { recursive: true });

const env = {
  ...process.env,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  DATABASE_URL: `file:${path.join(dataDir, "e2e.db")}`,
  PROMPTPOOL_DATA_DIR: dataDir,
  PROMPTPOOL_DEMO: "1",
  NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
  NEXTAUTH_URL: `http://127.0.0.1:${port}`,
  PORT: port,
};
delete env.GITHUB_ID;
delete env.GITHUB_SECRET;

for (const script of ["db:migrate", "db:seed"]) {
  const r = spawnSync("npm", ["run", "--silent", script], { cwd: ROOT, env, stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`e2e server: npm run ${script} failed`);
    process.exit(1);
  }
}
if (!buildIfNeeded(env)) process.exit(1);

const child = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", port], {
  cwd: ROOT,
  env,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
