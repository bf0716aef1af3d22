#!/usr/bin/env node
/**
 * `npm test`: every suite, in order, even when an earlier one fails:
 *   1. TypeScript (tsc --noEmit);
 *   2. Vitest: unit tests and database tests (SQLite temp files, and PostgreSQL through
 *      TEST_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/postgres);
 *   3. the production build (skipped when current), then Playwright with Debian's chromium.
 * Ends with one line "N passed, N failed" (tests of all suites; a failed type check or build counts
 * as one failure) and exits non-zero on any failure.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { buildIfNeeded, ROOT } from "./start.mjs";

const RESULTS = path.join(ROOT, "tmp", "test-results");
const chromium = process.env.PLAYWRIGHT_CHROMIUM || "/usr/bin/chromium";

if (!fs.existsSync(chromium)) {
  console.error("Browser tests need Debian's chromium: sudo apt-get install -y chromium");
  console.error("(or set PLAYWRIGHT_CHROMIUM to a Chromium executable)");
  console.error("0 passed, 1 failed");
  process.exit(1);
}

const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  TEST_POSTGRES_URL: process.env.TEST_POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/postgres",
};
fs.rmSync(RESULTS, { recursive: true, force: true });
fs.mkdirSync(RESULTS, { recursive: true });

const bin = (name) => path.join(ROOT, "node_modules", ".bin", name);
const summary = [];
let passed = 0;
let failed = 0;
let skipped = 0;

function run(label, command, args) {
  process.stdout.write(`\n=== ${label} ===\n`);
  const started = Date.now();
  const r = spawnSync(command, args, { cwd: ROOT, env, stdio: "inherit" });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return { ok: r.status === 0, seconds };
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

// 1. Types
{
  const r = run("typecheck (tsc --noEmit)", bin("tsc"), ["--noEmit", "-p", "tsconfig.json"]);
  if (!r.ok) failed += 1;
  summary.push(`typecheck: ${r.ok ? "ok" : "FAILED"} (${r.seconds}s)`);
}

// 2. Vitest
{
  const out = path.join(RESULTS, "vitest.json");
  const r = run("unit and database tests (vitest)", bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile=${out}`]);
  const report = readJson(out);
  if (report) {
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    // A suite that fails to load has no failed tests but is a failure.
    const brokenFiles = (report.testResults ?? []).filter((f) => f.status === "failed" && f.assertionResults?.length === 0).length;
    failed += brokenFiles;
    summary.push(`vitest: ${report.numPassedTests} passed, ${report.numFailedTests + brokenFiles} failed (${r.seconds}s)`);
    // Vitest also fails on unhandled errors outside any test.
    if (!r.ok && report.numFailedTests + brokenFiles === 0) failed += 1;
  } else {
    failed += 1;
    summary.push(`vitest: no report, exit ${r.ok ? 0 : "non-zero"} (${r.seconds}s)`);
  }
}

// 3. Build + Playwright
{
  process.stdout.write("\n=== production build ===\n");
  const started = Date.now();
  const built = buildIfNeeded(env);
  summary.push(`build: ${built ? "ok" : "FAILED"} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
  if (!built) {
    failed += 1;
  } else {
    const out = path.join(RESULTS, "e2e.json");
    const r = run("browser tests (playwright)", bin("playwright"), ["test"]);
    const report = readJson(out);
    if (report?.stats) {
      const s = report.stats;
      passed += s.expected;
      failed += s.unexpected + s.flaky;
      skipped += s.skipped;
      summary.push(`playwright: ${s.expected} passed, ${s.unexpected + s.flaky} failed (${r.seconds}s)`);
      if (!r.ok && s.unexpected + s.flaky === 0) failed += 1;
    } else {
      failed += 1;
      summary.push(`playwright: no report (${r.seconds}s)`);
    }
  }
}

process.stdout.write(`\n=== summary ===\n${summary.join("\n")}\n`);
if (skipped) process.stdout.write(`${skipped} skipped\n`);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
