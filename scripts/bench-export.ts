/**
 * `npm run bench:export`: a P3 export of every template in ../shared/promptsource/templates over
 * 1,000 generated rows per dataset config (about 2 million renders), through the same code as
 * `promptpool export` (file source, engine, hashing; the files are discarded unless --out is
 * given). Prints renders/s, records written, bytes and peak RSS, then times the Python reference
 * on the same work and prints the ratio. Targets: peak RSS < 300 MB, throughput >= 3x Python.
 *
 * Rows: generated once by the parity synthesizer (../shared/parity/tools/synth_rows.py, seed 1,
 * the dev roles, with its fixups) into tmp/bench-export/rows-<n>/ with an index.json in the
 * parity corpus layout, so ../shared/parity/tools/bench_ref.py reads the same rows.
 *
 * Python reference: bench_ref.py's mode (a) (templates compiled once, render only: its fastest
 * mode), run with bench_ref.py's own module over the same corpus. `--ref full` runs bench_ref.py
 * itself instead (all three modes; mode (c) compiles per apply and takes over an hour at this size).
 *
 * Options: --rows N (default 1000), --seed-base N (default 1000), --out <dir|file.zip>,
 * --ref render|full|none (default render).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { exportFiles, fileSource, loadTemplateFiles, scanRowsFolder, writeChunks, writeFolder, zipFiles } from "../lib/export/index";
import { PARITY, SHARED, TEMPLATES_ROOT } from "../lib/export/testing/shared";

const { values: opts } = parseArgs({
  options: {
    rows: { type: "string", default: "1000" },
    "seed-base": { type: "string", default: "1000" },
    out: { type: "string" },
    ref: { type: "string", default: "render" },
  },
});
const nRows = Number(opts.rows);
const seedBase = Number(opts["seed-base"]);
const TOOLS = path.join(PARITY, "tools");
const corpus = path.resolve(__dirname, `../tmp/bench-export/rows-${nRows}`);

const GENERATE_PY = `
import json, os, sys
sys.path.insert(0, sys.argv[1])
import render_ref as R, synth_rows as S
from fixups import fixups_for
root, out, n = sys.argv[2], sys.argv[3], int(sys.argv[4])
feats = json.load(open(os.path.join(sys.argv[1], "features.json"), encoding="utf-8"))
configs = sorted(os.path.relpath(d, root).replace(os.sep, "/") for d, _, fs in os.walk(root) if "templates.yaml" in fs)
os.makedirs(os.path.join(out, "rows"), exist_ok=True)
index = []
for cfg in configs:
    stem = cfg.replace("/", "__")
    templates = R.load_templates(os.path.join(root, cfg, "templates.yaml"))[1]
    rows = S.synth_rows(cfg, feats[cfg]["features"], n, 1, S.DEV_VOCAB, "dev", fixups_for(cfg, templates))
    with open(os.path.join(out, "rows", stem + ".jsonl"), "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\\n")
    index.append({"templates_file": cfg + "/templates.yaml", "rows_file": "rows/%s.jsonl" % stem, "n_templates": len(templates), "n_rows": n})
json.dump(index, open(os.path.join(out, "index.json"), "w"), indent=1)
print("configs", len(index), "rows", n * len(index))
`;

// bench_ref.py's loading and its mode (a) loop, over the same corpus, timed once.
const REF_RENDER_PY = `
import json, os, sys, time, resource
sys.path.insert(0, sys.argv[1])
import render_ref as R
corpus, root, seed_base = sys.argv[2], sys.argv[3], int(sys.argv[4])
index = json.load(open(os.path.join(corpus, "index.json"), encoding="utf-8"))
work = []
for e in index:
    ds, ss = R.dataset_subset_from_path(e["templates_file"].rsplit("/", 1)[0])
    templates = R.load_templates(os.path.join(root, e["templates_file"]))[1]
    with open(os.path.join(corpus, e["rows_file"]), encoding="utf-8") as f:
        rows = [R.rename_hyphen_keys(json.loads(line)) for line in f if line.strip()]
    work.append((ds, ss, templates, rows))
n = sum(len(t) * len(r) for _, _, t, r in work)
compiled = [[R.CompiledTemplate(t) for t in ts] for _, _, ts, _ in work]
t0 = time.perf_counter()
c0 = time.process_time()
for (ds, ss, _, rows), cts in zip(work, compiled):
    for ct in cts:
        for i, row in enumerate(rows):
            R.render_record(ct, row, i, seed_base, ds, ss)
t = time.perf_counter() - t0
c = time.process_time() - c0
print(json.dumps({"records": n, "seconds": t, "rate": n / t, "cpu_seconds": c, "cpu_rate": n / c, "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
`;

function fmt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

async function main() {
  if (!existsSync(TEMPLATES_ROOT) || !existsSync(TOOLS)) throw new Error(`../shared not found at ${SHARED} (set PROMPTPOOL_SHARED)`);
  const bigger = path.resolve(__dirname, "../tmp/bench-export/rows-1000");
  if (!existsSync(path.join(corpus, "index.json")) && nRows < 1000 && existsSync(path.join(bigger, "index.json"))) {
    // The synthesizer seeds row i by (seed, config, i), so the first n rows of a larger corpus are the n-row corpus.
    mkdirSync(path.join(corpus, "rows"), { recursive: true });
    for (const f of readdirSync(path.join(bigger, "rows"))) {
      const lines = readFileSync(path.join(bigger, "rows", f), "utf8").split("\n").slice(0, nRows);
      writeFileSync(path.join(corpus, "rows", f), lines.join("\n") + "\n");
    }
    const index = JSON.parse(readFileSync(path.join(bigger, "index.json"), "utf8")) as { n_rows: number }[];
    writeFileSync(path.join(corpus, "index.json"), JSON.stringify(index.map((e) => ({ ...e, n_rows: nRows })), null, 1));
  }
  if (!existsSync(path.join(corpus, "index.json"))) {
    mkdirSync(corpus, { recursive: true });
    const t0 = performance.now();
    process.stdout.write(`generating ${nRows} rows per config into ${path.relative(process.cwd(), corpus)} ... `);
    const out = execFileSync("python3", ["-c", GENERATE_PY, TOOLS, TEMPLATES_ROOT, corpus, String(nRows)], { encoding: "utf8", maxBuffer: 1 << 20 });
    console.log(`${out.trim()} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }

  const rssBefore = process.memoryUsage().rss;
  const tLoad = performance.now();
  const templates = await loadTemplateFiles(TEMPLATES_ROOT);
  const source = fileSource(templates, await scanRowsFolder(path.join(corpus, "rows")));
  const loadMs = performance.now() - tLoad;

  let peakRss = 0;
  let last = { records: 0, bytes: 0, files: 0 };
  const peak = { heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const sample = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    for (const k of Object.keys(peak) as (keyof typeof peak)[]) peak[k] = Math.max(peak[k], m[k]);
    if (process.env.BENCH_MEM) console.error(`${last.files} files: ` + Object.entries(m).map(([k, v]) => `${k} ${(v / 2 ** 20).toFixed(0)}`).join(", "));
  }, 100);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const cpuSeconds = () => {
    const c = process.cpuUsage(cpu0);
    return (c.user + c.system) / 1e6;
  };
  // The machine may be shared: print progress, and rates per CPU second as well as per wall second.
  const ticker = setInterval(() => {
    console.error(`  ... ${fmt(last.records)} renders, ${fmt(last.files)} files, ${((performance.now() - t0) / 1000).toFixed(0)} s wall, ${cpuSeconds().toFixed(0)} s CPU`);
  }, 60_000);
  const files = exportFiles(source, { format: "p3", seedBase, onProgress: (p) => (last = p) });
  if (opts.out?.endsWith(".zip")) await writeChunks(zipFiles(files), opts.out);
  else if (opts.out) await writeFolder(files, opts.out);
  else for await (const f of files) for await (const _ of f.content);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds();
  clearInterval(sample);
  clearInterval(ticker);
  const maxRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);

  const rate = last.records / seconds;
  const cpuRate = last.records / cpu;
  console.log(`templates ${fmt(templates.length)} (loaded and parsed in ${(loadMs / 1000).toFixed(1)} s), rows per config ${fmt(nRows)}, seed base ${seedBase}`);
  console.log(`P3 export${opts.out ? " to " + opts.out : " (hashed, not written)"}: ${fmt(last.records)} renders, ${fmt(last.files)} files, ${(last.bytes / 1e9).toFixed(2)} GB in ${seconds.toFixed(1)} s wall (${fmt(rate)} renders/s), ${cpu.toFixed(1)} s CPU (${fmt(cpuRate)} renders per CPU second)`);
  const mb = (n: number) => (n / 2 ** 20).toFixed(0);
  console.log(`peak RSS ${mb(maxRss)} MB (process start ${mb(rssBefore)} MB; peak V8 heap ${mb(peak.heapTotal)} MB, buffers ${mb(peak.arrayBuffers)} MB; target < 300 MB)`);

  if (opts.ref === "none") return;
  if (spawnSync("python3", ["-c", "import jinja2, yaml"]).status !== 0) {
    console.log("python reference: skipped (python3 with jinja2 and yaml not available)");
    return;
  }
  if (opts.ref === "full") {
    execFileSync("python3", [path.join(TOOLS, "bench_ref.py"), "--corpus", corpus, "--templates-root", TEMPLATES_ROOT, "--repeats", "1", "--seed-base", String(seedBase)], { stdio: "inherit" });
    return;
  }
  console.log("python reference (bench_ref.py mode (a): compiled once, render only) on the same rows ...");
  const ref = JSON.parse(execFileSync("python3", ["-c", REF_RENDER_PY, TOOLS, corpus, TEMPLATES_ROOT, String(seedBase)], { encoding: "utf8", maxBuffer: 1 << 20 })) as {
    records: number;
    seconds: number;
    rate: number;
    cpu_seconds: number;
    cpu_rate: number;
    max_rss_mb: number;
  };
  console.log(
    `python: ${fmt(ref.records)} renders in ${ref.seconds.toFixed(1)} s wall (${fmt(ref.rate)} renders/s), ${ref.cpu_seconds.toFixed(1)} s CPU (${fmt(ref.cpu_rate)} renders per CPU second); render only, nothing written; peak RSS ${ref.max_rss_mb.toFixed(0)} MB`,
  );
  console.log(`ratio: ${(rate / ref.rate).toFixed(2)}x by wall time, ${(cpuRate / ref.cpu_rate).toFixed(2)}x by CPU time (target >= 3x)`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
