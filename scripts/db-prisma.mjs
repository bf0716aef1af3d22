#!/usr/bin/env node
// Runs the Prisma CLI for one provider with the right config and the timer preload:
//   node scripts/db-prisma.mjs sqlite|postgres <prisma args...>
// The provider's config file is added as --config. Exits with the CLI's status.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CONFIGS = { sqlite: "prisma.config.ts", postgres: "prisma/postgres.config.ts" };

/** Spawns the CLI; resolves with { code, stdout, stderr } (output also streamed when inherit is true). */
export function runPrisma(provider, args, { env = process.env, inherit = true } = {}) {
  const config = CONFIGS[provider];
  if (!config) throw new Error(`unknown provider "${provider}" (sqlite or postgres)`);
  const preload = path.join(root, "scripts", "db-unref-timers.cjs");
  const nodeOptions = [env.NODE_OPTIONS, `--require ${JSON.stringify(preload)}`].filter(Boolean).join(" ");
  const cli = path.join(root, "node_modules", "prisma", "build", "index.js");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args, "--config", path.join(root, config)], {
      cwd: root,
      env: { ...env, NODE_OPTIONS: nodeOptions, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
      stdio: inherit ? "inherit" : ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d) => (stdout += d));
    child.stderr?.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const [provider, ...args] = process.argv.slice(2);
  if (!CONFIGS[provider]) {
    console.error("usage: node scripts/db-prisma.mjs sqlite|postgres <prisma command...>");
    process.exit(2);
  }
  // No top-level await: tsx loads this file as CommonJS when a .ts module imports it.
  runPrisma(provider, args).then(({ code }) => process.exit(code));
}
