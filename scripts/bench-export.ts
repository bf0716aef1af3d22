/**
 * `npm run bench:export`: a P3 export of every template in ../shared/promptsource/templates over
 * 1,000 generated rows per dataset config (2,085,000 renders), through the same code as
 * `promptpool export` (file source, engine, worker threads, zip writer). The whole zip (10.2 GB)
 * is produced and written to /dev/null by default, so that the figure is the export's and not this
 * machine's disk: writing 10 GB to a file here costs over 20 s of kernel CPU by itself (`dd`), more
 * than the whole export's budget; `--out file.zip` measures with the disk. Prints renders/s by
 * wall and by CPU time and the peak RSS of this process during the export (all its threads),
 * then, in the same run:
 *   - "render only": this engine rendering the same (template, row) pairs with rows parsed and
 *     templates compiled beforehand, nothing written: the work bench_ref.py's mode (a) times;
 *   - the Python reference, bench_ref.py's mode (a) (PromptSource's apply on Jinja2, templates
 *     compiled once, render only, one process) over the same rows and templates, and its compile
 *     time, which with (a) is mode (b) (compile each template once, then render: what the export
 *     does besides its output);
 * and the ratios. Targets (issue 7): peak RSS < 300 MB, export throughput >= 3x Python.
 *
 * What each side counts (a "render" is one template applied to one row; both sides do 2,085,000):
 *   export: reading and parsing the rows files, compiling the templates, rendering, P3's keep/drop
 *     rule, the JSONL records of the data files and of the _score_eval files (one record per kept
 *     example and answer choice: ~10 GB in all), SHA-256 of every file, the zip (CRC-32, ZIP64) and
 *     writing it (to /dev/null unless --out); not the YAML loading of the templates (as for Python).
 *   Python: a deep copy of the row, seeding, the answer choices and the template rendered, the
 *     split and strip, a record dict; not the reading of rows (before the timing), compiling, or
 *     any output.
 *
 * V8 flags: `npm run bench:export` runs node with `--max-semi-space-size=4`, as `promptpool export`
 * does (bin/promptpool.mjs); the flags are printed, and a run without it is warned about.
 *
 * Rows: generated once by the parity synthesizer (../shared/parity/tools/synth_rows.py, seed 1,
 * the dev roles, with its fixups) into tmp/bench-export/rows-<n>/ in the parity corpus layout, so
 * bench_ref.py reads the same rows. `--rows N` below 1,000 takes the first N of each config.
 *
 * Options: --rows N (default 1000), --seed-base N (1000), --workers N (default: the CPU count; 1
 * renders in this thread), --out <dir|file.zip|/dev/null> (default /dev/null), --level
 * 0-9 (zip deflate level, default 0: stored; fflate deflates ~70 MB/s, 2+ minutes for this size),
 * --keep (keep the output), --check (read the zip back with Python's zipfile and check every
 * CRC), --ref render|full|none (render: bench_ref.py's mode (a) loop; full: bench_ref.py itself,
 * all three modes, over an hour at this size), --no-render-only, --large-splits (instead of all of
 * the above: three configs of 20,000 rows each (super_glue/rte, ag_news, imdb: 20 copies of their
 * 1,000 rows, 28 templates, 560,000 renders), exported with one thread and with the workers: how
 * the workers share a few large files), --rounds N (default 1: the export and Python's mode (a)
 * N times, alternated, each round's ratio printed and their median: this kind of machine changes
 * speed by 15% and more within minutes, and one export against one Python run can fall on two
 * different speeds; render only runs once, after the last round's export, so that no export
 * starts in a process that holds what it left: each export's peak RSS is its own where Linux lets
 * the high-water mark be reset, and every export prints the RSS it started from).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  exportFiles,
  fileSource,
  loadTemplateFiles,
  readJsonlRows,
  rowsStem,
  scanRowsFolder,
  writeChunks,
  writeFolder,
  zipFiles,
  type ExportTemplate,
  type ZipOptions,
} from "../lib/export/index";
import { PARITY, SHARED, TEMPLATES_ROOT } from "../lib/export/testing/shared";
import { startWorkerPool } from "../lib/export/worker-pool";
import { applyTemplate, prepareTemplate, type PyDict } from "../lib/render/index";

const { values: opts } = parseArgs({
  options: {
    rows: { type: "string", default: "1000" },
    "seed-base": { type: "string", default: "1000" },
    workers: { type: "string", default: String(availableParallelism()) },
    out: { type: "string" },
    level: { type: "string", default: "0" },
    keep: { type: "boolean", default: false },
    check: { type: "boolean", default: false },
    ref: { type: "string", default: "render" },
    "no-render-only": { type: "boolean", default: false },
    "large-splits": { type: "boolean", default: false },
    rounds: { type: "string", default: "1" },
  },
});
const nRows = Number(opts.rows);
const seedBase = Number(opts["seed-base"]);
const workers = Math.max(1, Number(opts.workers));
const level = Number(opts.level) as ZipOptions["level"];
const TOOLS = path.join(PARITY, "tools");
const corpus = path.resolve(__dirname, `../tmp/bench-export/rows-${nRows}`);
const NULL_SINK = "/dev/null";
const out = opts.out === undefined || opts.out === NULL_SINK ? NULL_SINK : path.resolve(opts.out);
const asZip = out === NULL_SINK || out.endsWith(".zip");

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
t0 = time.perf_counter()
compiled = [[R.CompiledTemplate(t) for t in ts] for _, _, ts, _ in work]
t_compile = time.perf_counter() - t0
t0 = time.perf_counter()
c0 = time.process_time()
for (ds, ss, _, rows), cts in zip(work, compiled):
    for ct in cts:
        for i, row in enumerate(rows):
            R.render_record(ct, row, i, seed_base, ds, ss)
t = time.perf_counter() - t0
c = time.process_time() - c0
print(json.dumps({"records": n, "compile_seconds": t_compile, "seconds": t, "rate": n / t, "cpu_seconds": c, "cpu_rate": n / c, "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
`;

/** The lines of bench_ref.py that REF_RENDER_PY repeats: a changed bench_ref.py is reported. */
const REF_LINES = [
  'rows = [R.rename_hyphen_keys(json.loads(line)) for line in f if line.strip()]',
  "compiled = [[R.CompiledTemplate(t) for t in ts] for _, _, ts, _ in work]",
  "for (ds, ss, _, rows), cts in zip(work, compiled):",
  "for i, row in enumerate(rows):",
  "R.render_record(ct, row, i, a.seed_base, ds, ss)",
];

function fmt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}
const cpuNow = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(", ");
const nodeFlags = () => [...process.execArgv.filter((a) => a.startsWith("--max")), process.env.NODE_OPTIONS ?? ""].join(" ").trim();
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

/**
 * Linux keeps a resettable high-water mark of the process's RSS (VmHWM; writing 5 to clear_refs
 * sets it to the current RSS), so each round's export gets its own peak, where getrusage's peak
 * would carry the render-only pass and earlier rounds. Returns false where that is not possible.
 */
function resetPeakRss(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return peakRssSinceReset() !== null;
  } catch {
    return false;
  }
}
function peakRssSinceReset(): number | null {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    return kb ? Number(kb[1]) * 1024 : null;
  } catch {
    return null;
  }
}

async function ensureCorpus(): Promise<void> {
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
    const text = execFileSync("python3", ["-c", GENERATE_PY, TOOLS, TEMPLATES_ROOT, corpus, String(nRows)], { encoding: "utf8", maxBuffer: 1 << 20 });
    console.log(`${text.trim()} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
}

/** The same (template, row) pairs as bench_ref.py's mode (a): rows parsed and templates compiled beforehand, render only. */
async function renderOnly(templates: ExportTemplate[]): Promise<{ renders: number; wall: number; cpu: number }> {
  const byStem = new Map<string, ExportTemplate[]>();
  for (const t of templates) {
    const stem = rowsStem(t.dataset, t.subset);
    byStem.set(stem, [...(byStem.get(stem) ?? []), t]);
  }
  let renders = 0;
  let wall = 0;
  let cpu = 0;
  for (const [stem, ts] of byStem) {
    const file = path.join(corpus, "rows", stem + ".jsonl");
    if (!existsSync(file)) continue;
    const rows: PyDict[] = [];
    for await (const row of readJsonlRows(file)) rows.push(row);
    const prepared = ts.map((t) => prepareTemplate({ id: t.id, name: t.name, jinja: t.jinja, answerChoices: t.answerChoices }));
    const w0 = performance.now();
    const c0 = cpuNow();
    for (const t of prepared) for (let i = 0; i < rows.length; i++) applyTemplate(t, rows[i], { seed: seedBase + i });
    cpu += cpuNow() - c0;
    wall += (performance.now() - w0) / 1000;
    renders += prepared.length * rows.length;
  }
  return { renders, wall, cpu };
}

const LARGE_SPLITS = ["super_glue__rte", "ag_news", "imdb"];
const LARGE_COPIES = 20;

/** --large-splits: a few configs of 20,000 rows, one thread against the workers. */
async function largeSplits(): Promise<void> {
  const dir = path.resolve(__dirname, `../tmp/bench-export/large-splits-${nRows * LARGE_COPIES}`);
  mkdirSync(dir, { recursive: true });
  for (const stem of LARGE_SPLITS) {
    const file = path.join(dir, `${stem}.jsonl`);
    if (!existsSync(file)) writeFileSync(file, readFileSync(path.join(corpus, "rows", `${stem}.jsonl`), "utf8").repeat(LARGE_COPIES));
  }
  const wanted = new Set(LARGE_SPLITS);
  const templates = (await loadTemplateFiles(TEMPLATES_ROOT)).filter((t) => wanted.has(rowsStem(t.dataset, t.subset)));
  const source = fileSource(templates, await scanRowsFolder(dir));
  console.log(`large splits: ${LARGE_SPLITS.join(", ")}, ${fmt(nRows * LARGE_COPIES)} rows each, ${templates.length} templates; zip written to /dev/null; load ${load()}`);
  for (const n of [1, workers]) {
    let last = { records: 0, bytes: 0, files: 0 };
    const t0 = performance.now();
    const cpu0 = cpuNow();
    await writeChunks(zipFiles(exportFiles(source, { format: "p3", seedBase, workers: n, reuseChunks: true, startWorkerPool, onProgress: (p) => (last = p) }), { level }), NULL_SINK);
    const seconds = (performance.now() - t0) / 1000;
    console.log(`  ${n === 1 ? "1 thread" : `${n} worker threads`}: ${fmt(last.records)} renders in ${seconds.toFixed(1)} s wall (${fmt(last.records / seconds)} renders/s), ${(cpuNow() - cpu0).toFixed(1)} s CPU`);
  }
  console.log(`  peak RSS of this process: ${mb(process.resourceUsage().maxRSS * 1024)} MB`);
}

async function main() {
  if (!existsSync(TEMPLATES_ROOT) || !existsSync(TOOLS)) throw new Error(`../shared not found at ${SHARED} (set PROMPTPOOL_SHARED)`);
  await ensureCorpus();
  if (opts["large-splits"]) return largeSplits();
  console.log(`load average at start: ${load()} (${availableParallelism()} CPUs; node ${process.version}; node flags: ${nodeFlags() || "none"})`);
  if (!nodeFlags().includes("--max-semi-space-size=4")) console.log("warning: node runs without --max-semi-space-size=4, which promptpool export uses (bin/promptpool.mjs): run `npm run bench:export`");

  const tLoad = performance.now();
  const templates = await loadTemplateFiles(TEMPLATES_ROOT);
  const source = fileSource(templates, await scanRowsFolder(path.join(corpus, "rows")));
  const loadMs = performance.now() - tLoad;
  console.log(`templates ${fmt(templates.length)} (loaded and parsed in ${(loadMs / 1000).toFixed(1)} s, not timed), rows per config ${fmt(nRows)}, seed base ${seedBase}`);
  const rounds = Math.max(1, Number(opts.rounds));
  const python = opts.ref !== "none" && spawnSync("python3", ["-c", "import jinja2, yaml"]).status === 0;
  const ratios: { a: number; b: number }[] = [];
  let mine: { renders: number; wall: number; cpu: number } | null = null;
  for (let round = 1; round <= rounds; round++) {
    if (rounds > 1) console.log(`round ${round} of ${rounds}`);
    const exp = await runExport(source, round);
    if (round === rounds && !opts["no-render-only"]) {
      mine = await renderOnly(templates);
      console.log(`render only, this engine, 1 thread (rows parsed and templates compiled first, nothing written): ${fmt(mine.renders)} renders in ${mine.wall.toFixed(1)} s wall (${fmt(mine.renders / mine.wall)} renders/s), ${mine.cpu.toFixed(1)} s CPU (${fmt(mine.renders / mine.cpu)} renders per CPU second)`);
    }
    if (opts.ref === "none") continue;
    if (!python) {
      console.log("python reference: skipped (python3 with jinja2 and yaml not available)");
      return;
    }
    if (opts.ref === "full") {
      execFileSync("python3", [path.join(TOOLS, "bench_ref.py"), "--corpus", corpus, "--templates-root", TEMPLATES_ROOT, "--repeats", "1", "--seed-base", String(seedBase)], { stdio: "inherit" });
      return;
    }
    const ref = runPython(templates.length);
    const threads = workers === 1 ? "1 thread" : `${workers} threads`;
    const ratio = { a: exp.rate / ref.rate, b: exp.rate / ref.rateB };
    ratios.push(ratio);
    console.log(`ratio, P3 export (${threads}) / Python (a) render only: ${ratio.a.toFixed(2)}x by wall time, ${(exp.cpuRate / ref.cpu_rate).toFixed(2)}x by CPU time (target >= 3x)`);
    console.log(`ratio, P3 export (${threads}) / Python (b) compile once + render: ${ratio.b.toFixed(2)}x by wall time`);
    if (mine) console.log(`ratio, render only / Python render only (1 thread each, the same work): ${(mine.renders / mine.wall / ref.rate).toFixed(2)}x by wall time, ${(mine.renders / mine.cpu / ref.cpu_rate).toFixed(2)}x by CPU time`);
  }
  if (ratios.length > 1) {
    // of an even count, the mean of the middle two (the upper one alone flattered two rounds)
    const median = (xs: number[]) => {
      const sorted = [...xs].sort((x, y) => x - y);
      const mid = Math.floor(sorted.length / 2);
      return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    };
    const list = (k: "a" | "b") => ratios.map((r) => r[k].toFixed(2)).join(", ");
    console.log(`ratios of the ${ratios.length} rounds, P3 export / Python (a): ${list("a")}; median ${median(ratios.map((r) => r.a)).toFixed(2)}x (target >= 3x)`);
    console.log(`ratios of the ${ratios.length} rounds, P3 export / Python (b): ${list("b")}; median ${median(ratios.map((r) => r.b)).toFixed(2)}x`);
  }
}

/** One P3 export of the corpus: prints and returns its rates. */
async function runExport(source: ReturnType<typeof fileSource>, round: number): Promise<{ rate: number; cpuRate: number }> {
  if (out !== NULL_SINK) rmSync(out, { recursive: true, force: true });

  let last = { records: 0, bytes: 0, files: 0 };
  const ownPeak = resetPeakRss();
  const rssAtStart = process.memoryUsage().rss;
  const t0 = performance.now();
  const cpu0 = cpuNow();
  // The machine may be shared: print progress, and rates per CPU second as well as per wall second.
  const ticker = setInterval(() => {
    console.error(`  ... ${fmt(last.records)} renders, ${fmt(last.files)} files, ${((performance.now() - t0) / 1000).toFixed(0)} s wall, ${(cpuNow() - cpu0).toFixed(0)} s CPU, load ${load()}`);
  }, 60_000);
  // writeChunks and writeFolder keep no chunk once written: the engine may reuse chunk memory
  const files = exportFiles(source, { format: "p3", seedBase, workers, reuseChunks: true, startWorkerPool, onProgress: (p) => (last = p) });
  let written: number;
  if (asZip) written = await writeChunks(zipFiles(files, { level }), out);
  else written = (await writeFolder(files, out)).bytes;
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuNow() - cpu0;
  clearInterval(ticker);
  const maxRss = (ownPeak && peakRssSinceReset()) || process.resourceUsage().maxRSS * 1024;

  const rate = last.records / seconds;
  const cpuRate = last.records / cpu;
  console.log(
    `P3 export, ${workers === 1 ? "1 thread" : `${workers} worker threads`}: ${fmt(last.records)} renders, ${fmt(last.files)} files, ${(last.bytes / 1e9).toFixed(2)} GB of JSONL` +
      ` -> ${out === NULL_SINK ? "a zip written to /dev/null" : path.relative(process.cwd(), out)} (${(written / 1e9).toFixed(2)} GB${asZip ? `, level ${level}${written >= 2 ** 32 || last.files >= 0xffff ? ", ZIP64" : ""}` : ""})`,
  );
  console.log(`  ${seconds.toFixed(1)} s wall: ${fmt(rate)} renders/s; ${cpu.toFixed(1)} s CPU (all threads): ${fmt(cpuRate)} renders per CPU second`);
  // a later round starts from what the render-only pass and the rounds before left in this process
  if (ownPeak || round === 1) console.log(`  peak RSS of this process during the export (all threads): ${mb(maxRss)} MB (target < 300 MB); ${mb(rssAtStart)} MB at its start`);
  else console.log(`  peak RSS of this process so far (all threads, every round and render only): ${mb(maxRss)} MB`);
  if (opts.check && asZip && out !== NULL_SINK) {
    const check = spawnSync(
      "python3",
      ["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); bad = z.testzip(); n = len(z.infolist()); print('zip check (Python zipfile, every CRC):', 'bad entry ' + bad if bad else 'ok', n, 'entries')", out],
      { encoding: "utf8" },
    );
    console.log(`  ${(check.stdout + check.stderr).trim()}`);
  }
  if (!opts.keep && out !== NULL_SINK) rmSync(out, { recursive: true, force: true });
  console.log(`load average after the export: ${load()}`);
  return { rate, cpuRate };
}

/** Python's mode (a) over the same rows and templates (bench_ref.py's loop): prints and returns its figures. */
function runPython(templateCount: number) {
  const benchRef = readFileSync(path.join(TOOLS, "bench_ref.py"), "utf8");
  const drift = REF_LINES.filter((l) => !benchRef.includes(l));
  if (drift.length > 0) console.log(`warning: bench_ref.py no longer has these lines of its mode (a), which this benchmark repeats: ${drift.join(" | ")}`);
  console.log("python reference (bench_ref.py mode (a): compiled once, render only, 1 process) on the same rows ...");
  const ref = JSON.parse(execFileSync("python3", ["-c", REF_RENDER_PY, TOOLS, corpus, TEMPLATES_ROOT, String(seedBase)], { encoding: "utf8", maxBuffer: 1 << 20 })) as {
    records: number;
    compile_seconds: number;
    seconds: number;
    rate: number;
    cpu_seconds: number;
    cpu_rate: number;
    max_rss_mb: number;
  };
  console.log(
    `python: ${fmt(ref.records)} renders in ${ref.seconds.toFixed(1)} s wall (${fmt(ref.rate)} renders/s), ${ref.cpu_seconds.toFixed(1)} s CPU (${fmt(ref.cpu_rate)} renders per CPU second); peak RSS ${ref.max_rss_mb.toFixed(0)} MB`,
  );
  const refB = ref.records / (ref.compile_seconds + ref.seconds);
  console.log(`python: compiling the ${fmt(templateCount)} templates took ${ref.compile_seconds.toFixed(1)} s: mode (b), compile once + render, ${(ref.compile_seconds + ref.seconds).toFixed(1)} s (${fmt(refB)} renders/s)`);
  console.log(`load average after the reference: ${load()}`);
  return { ...ref, rateB: refB };
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
