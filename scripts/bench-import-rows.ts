/**
 * npm run bench:import-rows: parse speed and peak memory of sample-row uploads, with
 * lib/datasets/parse-file (the code the upload runs, in the browser and on the server). Each file
 * is parsed in its own child process, so that one format's garbage does not count against the
 * next, and the figures separate:
 *   - "input": the RSS once the file's bytes are built and held (what any upload costs: the bytes);
 *   - "peak": the process's peak RSS while parsing;
 *   - "parse": peak - input, the memory the parser itself needed.
 * Files: ~50 MB of JSONL, JSON (array), CSV and Parquet (rows of a short review: text, label,
 * score, tags), limits raised so that the whole file is read; then one file at the default limits
 * (25 MB, 10,000 rows of 2.5 KB), which is what a real upload can be at most.
 *   npm run bench:import-rows                 all cases, median of 3 runs each
 *   npm run bench:import-rows -- csv --runs 1 one case (jsonl, json, csv, parquet, jsonl-default)
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { parseFile } from "../lib/datasets/parse-file";

const CASES = ["jsonl", "json", "csv", "parquet", "jsonl-default"] as const;
type Case = (typeof CASES)[number];

const TARGET_BYTES = 50_000_000;
const RAISED = { maxBytes: 200_000_000, maxRows: 10_000_000 };
const DEFAULTS = { maxBytes: 25_000_000, maxRows: 10_000 };

const sentence = "a fairly ordinary sentence about the product. ".repeat(3);

/** Lines built into one buffer piece by piece, never as one string. */
function build(header: string | null, line: (i: number) => string, target: number, maxRows = Infinity, footer = ""): Uint8Array {
  const parts: Buffer[] = [];
  let size = 0;
  if (header !== null) {
    parts.push(Buffer.from(header));
    size += header.length;
  }
  let batch: string[] = [];
  for (let i = 0; size < target && i < maxRows; i++) {
    const l = line(i);
    batch.push(l);
    size += Buffer.byteLength(l);
    if (batch.length === 10_000) {
      parts.push(Buffer.from(batch.join("")));
      batch = [];
    }
  }
  parts.push(Buffer.from(batch.join("") + footer));
  return new Uint8Array(Buffer.concat(parts));
}

const jsonlLine = (i: number) => `{"text": "review ${i}: ${sentence}", "label": ${i % 2}, "score": ${(i % 5) + 0.5}, "tags": ["t${i % 7}", "x"]}\n`;

function input(c: Case): { name: string; bytes: Uint8Array } {
  switch (c) {
    case "jsonl":
      return { name: "rows.jsonl", bytes: build(null, jsonlLine, TARGET_BYTES) };
    case "json":
      return { name: "rows.json", bytes: build("[", (i) => (i ? ",\n" : "") + jsonlLine(i).trimEnd(), TARGET_BYTES, Infinity, "]") };
    case "csv":
      return {
        name: "rows.csv",
        bytes: build("text,label,score,votes\n", (i) => `"review ${i}: ${sentence.replace(" about", ", about")}",${i % 2},${(i % 5) + 0.5},${i}\n`, TARGET_BYTES),
      };
    case "parquet": {
      // Rows as the JSONL case; hyparquet-writer's default row groups (100,000 rows) and SNAPPY.
      const n = 300_000;
      const text: string[] = [];
      const label: number[] = [];
      const score: number[] = [];
      const tags: string[][] = [];
      for (let i = 0; i < n; i++) {
        // distinct texts so that dictionary encoding and SNAPPY cannot shrink the file much
        text.push(`review ${i}: ${sentence} ${(i * 7919).toString(36)}`);
        label.push(i % 2);
        score.push((i % 5) + 0.5);
        tags.push([`t${i % 7}`, "x"]);
      }
      const buffer = parquetWriteBuffer({
        columnData: [
          { name: "text", data: text, type: "STRING" },
          { name: "label", data: label, type: "INT32" },
          { name: "score", data: score, type: "DOUBLE" },
          { name: "tags", data: tags, type: "JSON" },
        ],
      });
      return { name: "rows.parquet", bytes: new Uint8Array(buffer) };
    }
    case "jsonl-default": {
      const long = "a fairly ordinary sentence about the product. ".repeat(52);
      const line = (i: number) => `{"text": "review ${i}: ${long}", "label": ${i % 2}, "score": ${(i % 5) + 0.5}}\n`;
      return { name: "default.jsonl", bytes: build(null, line, DEFAULTS.maxBytes - 10_000, DEFAULTS.maxRows) };
    }
  }
}

const mb = (bytes: number) => bytes / 1e6;
const rssMb = () => process.memoryUsage().rss / 1e6;

const DIR = path.join(os.tmpdir(), "promptpool-bench-import-rows");

async function child(c: Case, file: string) {
  const { name, limits } = { name: path.basename(file), limits: c === "jsonl-default" ? DEFAULTS : RAISED };
  const bytes = new Uint8Array(fs.readFileSync(file));
  (globalThis as { gc?: () => void }).gc?.();
  const before = rssMb();
  const started = performance.now();
  const parsed = await parseFile({ fileName: name, bytes, limits });
  const s = (performance.now() - started) / 1000;
  const peak = (process.resourceUsage().maxRSS * 1024) / 1e6; // KiB -> MB
  process.stdout.write(JSON.stringify({ name, mb: mb(bytes.byteLength), rows: parsed.rows.length, s, before, peak }) + "\n");
}

type Run = { name: string; mb: number; rows: number; s: number; before: number; peak: number };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function report(runs: Run[]) {
  const { name, mb: size, rows } = runs[0]!;
  const s = median(runs.map((r) => r.s));
  const before = median(runs.map((r) => r.before));
  const peak = median(runs.map((r) => r.peak));
  const parse = median(runs.map((r) => r.peak - r.before));
  console.log(
    `${name.padEnd(14)} ${size.toFixed(1).padStart(5)} MB ${rows.toLocaleString("en").padStart(9)} rows: ` +
      `${s.toFixed(2)} s, ${Math.round(rows / s).toLocaleString("en")} rows/s | ` +
      `RSS input ${before.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, parse ${parse.toFixed(0)} MB`,
  );
}

function main() {
  const args = process.argv.slice(2);
  if (args[0] === "--child") return child(args[1] as Case, args[2]!);
  const runsAt = args.indexOf("--runs");
  const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 3;
  const cases = args.length ? (args as Case[]) : [...CASES];
  fs.mkdirSync(DIR, { recursive: true });
  console.log(`median of ${runs} runs per file, each run in its own process`);
  for (const c of cases) {
    if (!CASES.includes(c)) throw new Error(`unknown case ${c}; one of ${CASES.join(", ")}`);
    // Built here and read back from a file by the child, so the child's RSS holds only the bytes.
    const { name, bytes } = input(c);
    const file = path.join(DIR, name);
    fs.writeFileSync(file, bytes);
    const results: Run[] = [];
    for (let i = 0; i < runs; i++) {
      // The same loader (tsx) as this process, and gc exposed for a clean "input" figure.
      const r = spawnSync(process.execPath, [...process.execArgv, "--expose-gc", process.argv[1]!, "--child", c, file], { encoding: "utf8" });
      if (r.status !== 0) {
        process.stderr.write(r.stderr);
        process.exitCode = 1;
        break;
      }
      results.push(JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Run);
    }
    fs.rmSync(file);
    if (results.length) report(results);
  }
}

Promise.resolve(main()).catch((e) => {
  console.error(e);
  process.exit(1);
});
