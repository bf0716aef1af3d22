#!/usr/bin/env node
// Entry point of `npx promptpool`: the CLI is TypeScript sharing lib/ with the app, so it runs
// through tsx (a runtime dependency) instead of a build step.
import { tsImport } from "tsx/esm/api";

const { main } = await tsImport("./cli.ts", import.meta.url);
process.exitCode = await main(process.argv.slice(2));
