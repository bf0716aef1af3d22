/**
 * `npm run bench:bundle`: the renderer as the browser gets it (esbuild, platform browser,
 * minified ESM) and its size, raw and gzipped. Target: at most 60 KB gzipped. Fails (exit 1)
 * when the renderer imports a Node builtin, since it must run in a Web Worker.
 */
import { build, type Plugin } from "esbuild";
import { builtinModules } from "node:module";
import path from "node:path";
import { gzipSync } from "node:zlib";

// The engine (public API) and the preview worker that the browser actually loads; `--entry f`
// measures another file instead.
const entryArg = process.argv.indexOf("--entry");
const ENTRIES =
  entryArg > 0
    ? [path.resolve(process.argv[entryArg + 1])]
    : [path.resolve(__dirname, "../lib/render/index.ts"), path.resolve(__dirname, "../lib/render/worker.ts")];
const LIMIT_GZIP = 60 * 1024;
const builtins = new Set(builtinModules);

const nodeImports: string[] = [];
const refuseNodeBuiltins: Plugin = {
  name: "refuse-node-builtins",
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      const bare = args.path.replace(/^node:/, "").split("/")[0];
      if (args.path.startsWith("node:") || builtins.has(args.path) || builtins.has(bare)) {
        nodeImports.push(`${args.path} (imported by ${path.relative(process.cwd(), args.importer)})`);
        return { path: args.path, external: true };
      }
      return undefined;
    });
  },
};

async function main(): Promise<number> {
  let over = false;
  for (const entry of ENTRIES) over = (await measure(entry)) || over;
  if (nodeImports.length > 0) {
    console.error(`FAIL: the renderer imports Node builtins, which a browser worker does not have:\n  ${[...new Set(nodeImports)].join("\n  ")}`);
    return 1;
  }
  if (over) console.log("note: over the gzip target (reported, not a failure)");
  return 0;
}

async function measure(entry: string): Promise<boolean> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "browser",
    format: "esm",
    minify: true,
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: [refuseNodeBuiltins],
  });
  const code = result.outputFiles[0].contents;
  const gz = gzipSync(code, { level: 9 }).length;
  const inputs = Object.entries(result.metafile.inputs)
    .map(([file, info]) => [file, info.bytes] as const)
    .sort((a, b) => b[1] - a[1]);
  console.log(`browser bundle of ${path.relative(process.cwd(), entry)} (esbuild: esm, minified, platform browser)`);
  console.log(`  inputs    ${inputs.length} files; largest: ${inputs.slice(0, 5).map(([f, b]) => `${f} ${b} B`).join(", ")}`);
  console.log(`  minified  ${code.length} bytes (${(code.length / 1024).toFixed(1)} KB)`);
  console.log(`  gzipped   ${gz} bytes (${(gz / 1024).toFixed(1)} KB), target <= ${LIMIT_GZIP / 1024} KB: ${gz <= LIMIT_GZIP ? "OK" : "OVER"}`);
  return gz > LIMIT_GZIP;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`bundle failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
