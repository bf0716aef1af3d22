#!/usr/bin/env node
// Entry point of `npx promptpool`: the CLI is TypeScript sharing lib/ with the app, so it runs
// through tsx (a runtime dependency) instead of a build step.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";

// `promptpool mix` pushes gigabytes of short-lived strings through V8 (every row it parses, every
// example it renders). With V8's default young generation (16 MB semi-spaces on 64-bit) a
// 1,000,000-example build peaked about 60 MB higher, and spent more time collecting, than with
// 2 MB ones (lib/mixture/README.md, "Memory"). The semi-space size bounds no data (the old
// generation still grows as far as the build needs), so this cannot make a build fail; it only
// makes V8 collect young garbage sooner. The flag is passed through NODE_OPTIONS so that the
// database child of `mix --release` has it too; a flag given by the user wins.
const SEMI_SPACE_FLAG = "--max-semi-space-size";
const hasFlag = [...process.execArgv, process.env.NODE_OPTIONS ?? ""].some((a) => a.includes(SEMI_SPACE_FLAG));
if (process.argv[2] === "mix" && !hasFlag) {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} ${SEMI_SPACE_FLAG}=2`.trim() },
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
