#!/usr/bin/env node
/**
 * `npm start`: the one command after `npm install`. In order:
 *  1. data folder; NEXTAUTH_SECRET generated into <data>/secret (mode 0600) on first start unless given;
 *  2. configuration validated by lib/env.ts (a bad value exits 1 with one line naming the variable);
 *  3. database reachable, migrations applied (`npm run db:migrate`), demo datasets seeded when empty
 *     (`npm run db:seed`); demo mode (the three demo accounts, localhost only) is on unless PROMPTPOOL_DEMO=0;
 *  4. `next build` when .next is missing or was built from other sources (content hash);
 *  5. `next start`, then the URL and the demo accounts are printed.
 * `node scripts/start.mjs --dev` (npm run dev) does 1-3, then `next dev` instead of 4-5.
 * Faults print one clear line, never a stack trace.
 */
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
const BUILD_STAMP = path.join(ROOT, ".next", "promptpool-sources.sha256");

/** What a production build is made from. Tests, docs and e2e files do not change the build. */
const BUILD_INPUTS = ["app", "components", "lib", "public", "prisma", "next.config.ts", "tsconfig.json", "package-lock.json", "proxy.ts", "postcss.config.mjs"];
const SKIP = /(^|\/)(node_modules|generated|migrations)(\/|$)|\.test\.tsx?$|\.md$/;

function fail(message) {
  process.stderr.write(`promptpool: ${message}\n`);
  process.exit(1);
}

function step(message) {
  process.stdout.write(`promptpool: ${message}\n`);
}

function walk(rel, out) {
  const full = path.join(ROOT, rel);
  let stat;
  try {
    stat = fs.statSync(full);
  } catch {
    return;
  }
  if (SKIP.test(rel)) return;
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(full).sort()) walk(path.posix.join(rel, name), out);
  } else if (stat.isFile()) {
    out.push(rel);
  }
}

/** sha256 over the paths and contents of every build input (and package.json's dependencies). */
export function sourcesHash() {
  const files = [];
  for (const input of BUILD_INPUTS) walk(input, files);
  const hash = crypto.createHash("sha256");
  for (const rel of files) {
    hash.update(rel + "\0");
    hash.update(fs.readFileSync(path.join(ROOT, rel)));
    hash.update("\0");
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  hash.update(JSON.stringify({ dependencies: pkg.dependencies, devDependencies: pkg.devDependencies }));
  return hash.digest("hex");
}

export function buildIsCurrent() {
  try {
    if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) return false;
    return fs.readFileSync(BUILD_STAMP, "utf8").trim() === sourcesHash();
  } catch {
    return false;
  }
}

/** Runs `next build` unless the last build came from the same sources. Returns false on a failed build. */
export function buildIfNeeded(env = process.env) {
  if (buildIsCurrent()) return true;
  step("building the app (next build; about a minute on 2 cores) ...");
  const hash = sourcesHash();
  const result = spawnSync(process.execPath, [NEXT_BIN, "build"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) return false;
  fs.writeFileSync(BUILD_STAMP, hash + "\n");
  return true;
}

/** A generated secret kept in the data folder, readable by the owner only. Never a default in code. */
function ensureSecret(dataDir) {
  const file = path.join(dataDir, "secret");
  if (fs.existsSync(file)) {
    const existing = fs.readFileSync(file, "utf8").trim();
    if (existing.length < 32) fail(`${file} holds a secret shorter than 32 characters; delete the file to generate a new one`);
    return existing;
  }
  const secret = crypto.randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
  const shown = path.relative(ROOT, file);
  step(`generated NEXTAUTH_SECRET into ${shown.startsWith("..") ? file : shown}`);
  return secret;
}

/** Runs an npm script quietly; on failure prints its message lines without stack frames. */
function runScript(name, env, what) {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = spawnSync(npm, ["run", "--silent", name], { cwd: ROOT, env, encoding: "utf8" });
  if (result.error) fail(`${what} failed: ${result.error.message}`);
  if (result.status !== 0) {
    const lines = `${result.stderr}\n${result.stdout}`
      .split("\n")
      .map((l) => l.trimEnd())
      .filter(
        (l) =>
          l &&
          !/^\s+at\s/.test(l) &&
          !/^npm (error|ERR|warn)/.test(l) &&
          !/nodedir/.test(l) &&
          !/^(node:internal|Node\.js v|\s*\^\s*$|\s*triggerUncaughtException)/.test(l),
      );
    fail(`${what} failed: ${lines.slice(-3).join(" | ") || `exit code ${result.status}`}`);
  }
  return result.stdout;
}

async function checkPostgres(url) {
  let pg;
  try {
    pg = (await import("pg")).default;
  } catch {
    return;
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("select 1");
  } catch (err) {
    let where = "the PostgreSQL server";
    try {
      const u = new URL(url);
      where = `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`;
    } catch {}
    fail(`database unreachable: cannot connect to ${where} (${err.message || err.code}). Start PostgreSQL or fix DATABASE_URL.`);
  } finally {
    await client.end().catch(() => {});
  }
}

async function waitForHealth(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      const res = await fetch(url);
      if (res.status === 200 || res.status === 503) return res.status === 200;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

async function main() {
  process.chdir(ROOT);
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  if (env.PROMPTPOOL_DEMO === undefined || env.PROMPTPOOL_DEMO === "") env.PROMPTPOOL_DEMO = "1";

  const dataDir = path.resolve(ROOT, env.PROMPTPOOL_DATA_DIR || "data");
  try {
    fs.mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    fail(`PROMPTPOOL_DATA_DIR: cannot create ${dataDir} (${err.code || err.message})`);
  }
  if (!env.NEXTAUTH_SECRET) env.NEXTAUTH_SECRET = ensureSecret(dataDir);

  let config;
  try {
    const { tsImport } = await import("tsx/esm/api");
    const { parseEnv } = await tsImport("../lib/env.ts", import.meta.url);
    config = parseEnv(env);
  } catch (err) {
    if (err && err.name === "ConfigError") fail(err.message);
    fail(`cannot read the configuration: ${err?.message ?? err}`);
  }
  if (!env.NEXTAUTH_URL) env.NEXTAUTH_URL = `http://localhost:${config.PORT}`;

  if (config.DATABASE_URL.startsWith("postgres")) await checkPostgres(config.DATABASE_URL);
  step(`database: ${config.DATABASE_URL.startsWith("file:") ? config.DATABASE_URL : "PostgreSQL"}`);
  runScript("db:migrate", env, "database migration");
  // The seed fills an empty database with the demo datasets and templates; the demo accounts only
  // in demo mode (outside it the demo content belongs to a disabled account). Idempotent.
  runScript("db:seed", env, "seeding demo data");

  const port = String(config.PORT);
  const dev = process.argv.includes("--dev");
  if (!dev && !buildIfNeeded(env)) fail("next build failed (see the messages above)");

  const args = [NEXT_BIN, dev ? "dev" : "start", "-p", port];
  // Demo accounts have a published password: in demo mode only this machine can reach the app.
  if (config.PROMPTPOOL_DEMO) args.push("-H", "127.0.0.1");
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "inherit"] });
  // Next's own banner shows "http://localhost:PORT" too; our lines come after it.
  child.stdout.pipe(process.stdout);
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));

  const ready = await waitForHealth(`http://127.0.0.1:${port}/api/health`, child, dev ? 180_000 : 60_000);
  if (child.exitCode !== null) return;
  const url = `http://localhost:${port}`;
  const lines = [
    "",
    ready ? `PromptPool is running at ${url}` : `PromptPool started at ${url}, but /api/health does not report a healthy database`,
  ];
  if (config.PROMPTPOOL_DEMO) {
    lines.push(
      "Demo accounts (password: promptpool-demo):",
      "  contributor@promptpool.test   reviewer@promptpool.test   admin@promptpool.test",
      "Demo mode is on; PROMPTPOOL_DEMO=0 npm start runs without the demo accounts (first sign-up becomes admin).",
    );
  } else {
    lines.push("The first account to sign up becomes the admin.");
  }
  lines.push("Press Ctrl+C to stop.", "");
  process.stdout.write(lines.join("\n") + "\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => fail(err?.message ?? String(err)));
}
