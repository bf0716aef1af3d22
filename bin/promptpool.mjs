#!/usr/bin/env node
// Entry point of `npx promptpool`: the CLI is TypeScript sharing lib/ with the app, so it runs
// through tsx (a runtime dependency) instead of a build step.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";

// `promptpool mix` and `promptpool export` push gigabytes of short-lived strings through V8 (every
// row they parse, every example they render). V8's default young generation (16 MB semi-spaces on
// 64-bit) is one per thread, and an export has three (the reader and two workers):
// - mix: a 1,000,000-example build peaked about 60 MB higher, and spent more time collecting, than
//   with 2 MB semi-spaces (lib/mixture/README.md, "Memory");
// - export: the P3 benchmark's export peaked at 359-361 MB with the default, 317 MB with 8 MB and
//   271-292 MB with 4 MB, at the same speed within this machine's noise (lib/export/README.md,
//   "Speed").
// The semi-space size bounds no data (the old generation still grows as far as the work needs), so
// this cannot make a command fail; it only makes V8 collect young garbage sooner. The flag is
// passed through NODE_OPTIONS so that a database child (`mix --release`) has it too; a flag given
// by the user wins.
const SEMI_SPACE_FLAG = "--max-semi-space-size";
const SEMI_SPACE_MB = { mix: 2, export: 4 };
const hasFlag = [...process.execArgv, process.env.NODE_OPTIONS ?? ""].some((a) => a.includes(SEMI_SPACE_FLAG));
const semiSpace = Object.hasOwn(SEMI_SPACE_MB, process.argv[2]) ? SEMI_SPACE_MB[process.argv[2]] : null;
if (semiSpace !== null && !hasFlag) {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} ${SEMI_SPACE_FLAG}=${semiSpace}`.trim() },
  });
  if (child.error) {
    process.stderr.write(`promptpool: cannot start node: ${child.error.message}\n`);
    process.exitCode = 1;
  } else if (child.signal) process.kill(process.pid, child.signal);
  else process.exitCode = child.status ?? 1;
} else {
  const { main } = await tsImport("./cli.ts", import.meta.url);
  process.exitCode = await main(process.argv.slice(2));
}
