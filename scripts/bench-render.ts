/**
 * `npm run bench:render`: renders every (template, row) pair of the parity dev set in one
 * process, templates prepared once, and prints records/s and µs per record (p50, p99).
 * When python3 with jinja2 is available it also runs the Python anchor
 * (../shared/parity/tools/bench_ref.py) and prints the ratio to its mode (a), "templates
 * compiled once, render only", which is the same work. Target: at least 3x.
 *
 * Options: --repeats N (default 5), --python-repeats N (default 5; bench_ref.py also times its
 * slower modes, about 25 s per repeat), --no-python.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { applyTemplate, prepareTemplate, type PreparedTemplate } from "../lib/render/index";
import { parsePyJson } from "../lib/render/py-json";
import { PyDict } from "../lib/render/values";
import { parsePromptSourceYaml } from "../lib/templates/promptsource-yaml";

const SHARED = path.resolve(__dirname, "../../shared");
const PARITY = path.join(SHARED, "parity");
const TEMPLATES = path.join(SHARED, "promptsource/templates");
const SEED_BASE = 1000;

interface IndexEntry {
  templates_file: string;
  rows_file: string;
  expected_file: string;
}
interface Work {
  template: PreparedTemplate;
  row: PyDict;
  rowIndex: number;
}
interface Expected {
  parts: string[] | null;
  answer_choices: string[] | null;
  error: string | null;
}

const { values: opts } = parseArgs({
  options: {
    repeats: { type: "string", default: "5" },
    "python-repeats": { type: "string", default: "5" },
    "no-python": { type: "boolean", default: false },
  },
});
const repeats = Math.max(1, Number(opts.repeats));

function loadWork(): { work: Work[]; expected: Expected[]; templates: number; prepareMs: number } {
  const index = JSON.parse(readFileSync(path.join(PARITY, "index.json"), "utf8")) as IndexEntry[];
  const work: Work[] = [];
  const expected: Expected[] = [];
  let templates = 0;
  let prepareMs = 0;
  for (const e of index) {
    const file = parsePromptSourceYaml(readFileSync(path.join(TEMPLATES, e.templates_file), "utf8"), e.templates_file);
    const rows = readFileSync(path.join(PARITY, e.rows_file), "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => parsePyJson(l) as PyDict);
    const t0 = performance.now();
    const prepared = file.templates.map((t) => prepareTemplate({ id: t.id, name: t.name, jinja: t.jinja, answerChoices: t.answerChoices }));
    prepareMs += performance.now() - t0;
    templates += prepared.length;
    for (const template of prepared) rows.forEach((row, rowIndex) => work.push({ template, row, rowIndex }));
    for (const line of readFileSync(path.join(PARITY, e.expected_file), "utf8").split("\n")) {
      if (line.trim()) expected.push(JSON.parse(line) as Expected);
    }
  }
  return { work, expected, templates, prepareMs };
}

function renderAll(work: Work[], perRecordUs: Float64Array | null): number {
  const t0 = performance.now();
  for (let i = 0; i < work.length; i++) {
    const w = work[i];
    if (perRecordUs) {
      const s = performance.now();
      applyTemplate(w.template, w.row, { seed: SEED_BASE + w.rowIndex });
      perRecordUs[i] = (performance.now() - s) * 1000;
    } else {
      applyTemplate(w.template, w.row, { seed: SEED_BASE + w.rowIndex });
    }
  }
  return performance.now() - t0;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function conformance(work: Work[], expected: Expected[]): number {
  let same = 0;
  work.forEach((w, i) => {
    const r = applyTemplate(w.template, w.row, { seed: SEED_BASE + w.rowIndex });
    const e = expected[i];
    if (
      JSON.stringify(r.parts) === JSON.stringify(e.parts) &&
      JSON.stringify(r.answerChoices) === JSON.stringify(e.answer_choices) &&
      (r.error === null) === (e.error === null)
    )
      same++;
  });
  return same;
}

function pythonAnchor(): { recordsPerSecond: number; output: string } | string {
  if (opts["no-python"]) return "skipped (--no-python)";
  const probe = spawnSync("python3", ["-c", "import jinja2, yaml; print(jinja2.__version__)"], { encoding: "utf8" });
  if (probe.status !== 0) return "skipped: python3 with jinja2 and pyyaml not found";
  const script = path.join(PARITY, "tools/bench_ref.py");
  if (!existsSync(script)) return `skipped: ${script} not found`;
  const output = execFileSync(
    "python3",
    [script, "--corpus", PARITY, "--templates-root", TEMPLATES, "--repeats", String(opts["python-repeats"]), "--seed-base", String(SEED_BASE)],
    { encoding: "utf8", maxBuffer: 16 << 20 },
  );
  const m = /\(a\)[^\n]*?->\s*(\d+)\s*records\/s/.exec(output);
  if (!m) return `could not read mode (a) from bench_ref.py output:\n${output}`;
  return { recordsPerSecond: Number(m[1]), output };
}

function main(): void {
  const { work, expected, templates, prepareMs } = loadWork();
  console.log(`parity dev set: ${templates} templates, ${work.length} records (node ${process.version})`);
  console.log(`prepareTemplate for all templates: ${prepareMs.toFixed(0)} ms (once, outside the timings)`);
  if (expected.length === work.length) {
    console.log(`records equal to expected (parts, answer_choices, error-ness): ${conformance(work, expected)}/${work.length}`);
  }

  // Warm up (JIT), then best of N timed passes; latencies from a separate pass with a timer
  // around every record, so that timer overhead does not count in the throughput.
  renderAll(work, null);
  renderAll(work, null);
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) times.push(renderAll(work, null));
  const bestMs = Math.min(...times);
  const perRecord = new Float64Array(work.length);
  renderAll(work, perRecord);
  const sorted = perRecord.slice().sort();
  const recordsPerSecond = work.length / (bestMs / 1000);
  console.log(
    `TypeScript renderer: ${(bestMs / 1000).toFixed(3)} s -> ${recordsPerSecond.toFixed(0)} records/s (best of ${repeats}; all: ${times.map((t) => t.toFixed(0)).join(", ")} ms)`,
  );
  console.log(
    `µs per record: p50 ${percentile(sorted, 50).toFixed(1)}, p90 ${percentile(sorted, 90).toFixed(1)}, p99 ${percentile(sorted, 99).toFixed(1)}, max ${sorted[sorted.length - 1].toFixed(0)}`,
  );

  const py = pythonAnchor();
  if (typeof py === "string") {
    console.log(`Python anchor: ${py}`);
    return;
  }
  console.log("Python anchor (../shared/parity/tools/bench_ref.py):");
  console.log(py.output.trimEnd().replace(/^/gm, "  "));
  const ratio = recordsPerSecond / py.recordsPerSecond;
  console.log(`ratio TypeScript / Python Jinja2 (mode a, compiled once): ${ratio.toFixed(2)}x (target >= 3x: ${ratio >= 3 ? "OK" : "BELOW"})`);
}

main();
