/**
 * `npm run bench:mix`: builds a 1,000,000-example mixture from generated full-size row files and
 * prints examples/s and peak RSS (target: flat memory, under 300 MB), then builds --shard 1/4 …
 * 4/4 at the same size and checks that their concatenation equals the unsharded output byte for
 * byte. The machine's load average is printed before and after (the machine is shared).
 *
 * Rows: 10 PromptSource configs (T0 training sets), 40,000 to 200,000 rows each (1,000,000 in
 * all, about 1.1 GB), made by cycling the 4 parity rows of each config (../shared/parity/rows,
 * one of them over 3,000 characters) with the row number appended to the first text field so no
 * two rows render alike. The mixture: proportional, cap 150,000, total 1,000,000, few-shot ratio
 * 0.3 with k = 2. Each build runs the real CLI (`node bin/promptpool.mjs mix`, as a user runs it:
 * no heap flags) in a child process under /usr/bin/time for its peak RSS.
 *
 * Options: --dir <folder> (default tmp/bench-mix; row files are kept and reused), --no-shards,
 * --total N (default 1000000), --shard-total N (size of the shard check, default --total),
 * --node-options "<flags>" for the CLI processes (default none).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const REPO = path.resolve(__dirname, "..");
const SHARED = [path.resolve(REPO, "../shared"), path.resolve(REPO, "../../shared")].find((p) => existsSync(path.join(p, "parity")));
if (!SHARED) throw new Error("../shared/parity not found beside the repository");
const TEMPLATES = path.join(SHARED, "promptsource/templates");

const CONFIGS: [string, number][] = [
  ["ag_news", 200_000],
  ["imdb", 160_000],
  ["rotten_tomatoes", 120_000],
  ["glue/mrpc", 100_000],
  ["glue/qqp", 100_000],
  ["paws/labeled_final", 80_000],
  ["amazon_polarity", 80_000],
  ["yelp_review_full", 60_000],
  ["dbpedia_14", 60_000],
  ["app_reviews", 40_000],
];

const { values } = parseArgs({
  options: {
    dir: { type: "string" },
    "no-shards": { type: "boolean" },
    total: { type: "string" },
    "shard-total": { type: "string" },
    "node-options": { type: "string" },
  },
});
const dir = path.resolve(values.dir ?? path.join(REPO, "tmp/bench-mix"));
const total = Number(values.total ?? 1_000_000);
const shardTotal = Number(values["shard-total"] ?? total);
const rowsDir = path.join(dir, "rows");
// No flags by default: the CLI runs a mix with small young-generation semi-spaces itself
// (bin/promptpool.mjs); --node-options adds flags for experiments.
const NODE_FLAGS = values["node-options"] ?? "";
const templatesDir = path.join(dir, "templates");

async function writeRows(config: string, count: number): Promise<void> {
  const stem = config.split("/").join("__");
  const file = path.join(rowsDir, `${stem}.jsonl`);
  const marker = `${file}.${count}.done`;
  if (existsSync(marker)) return;
  const base = readFileSync(path.join(SHARED!, "parity/rows", `${stem}.jsonl`), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => l);
  // the first top-level string field of each base row gets " n<i>" (JSON-level edit keeps floats as written)
  const stream = createWriteStream(file);
  let chunk = "";
  for (let i = 0; i < count; i++) {
    const line = base[i % base.length].replace(/^(\{"[^"]+": "(?:[^"\\]|\\.)*)"/, `$1 n${i}"`);
    chunk += line + "\n";
    if (chunk.length > 1 << 20) {
      if (!stream.write(chunk)) await new Promise<void>((r) => stream.once("drain", () => r()));
      chunk = "";
    }
  }
  stream.write(chunk);
  await new Promise<void>((r) => stream.end(() => r()));
  writeFileSync(marker, "");
}

function copyTemplates(): void {
  for (const [config] of CONFIGS) {
    const dest = path.join(templatesDir, config);
    mkdirSync(dest, { recursive: true });
    // synchronously: the builds below run under spawnSync, which would block an async write
    writeFileSync(path.join(dest, "templates.yaml"), readFileSync(path.join(TEMPLATES, config, "templates.yaml")));
  }
}

interface Run {
  seconds: number;
  maxRssMb: number;
  stderr: string;
}

function runMix(out: string, extra: string[] = [], size = total): Run {
  const args = [
    "-f",
    "%e %M",
    process.execPath,
    path.join(REPO, "bin/promptpool.mjs"),
    "mix",
    "--templates",
    templatesDir,
    "--rows",
    rowsDir,
    "--out",
    out,
    "--cap",
    "150000",
    "--total",
    String(size),
    "--few-shot-ratio",
    "0.3",
    "--k",
    "2",
    "--seed",
    "1",
    ...extra,
  ];
  const env = { ...process.env };
  if (NODE_FLAGS) env.NODE_OPTIONS = NODE_FLAGS;
  else delete env.NODE_OPTIONS;
  const r = spawnSync("/usr/bin/time", args, { encoding: "utf8", maxBuffer: 16 << 20, env });
  if (r.status !== 0) throw new Error(`mix failed (${r.status}): ${r.stderr}`);
  const last = r.stderr.trim().split("\n").pop()!;
  const [seconds, kb] = last.split(" ").map(Number);
  return { seconds, maxRssMb: kb / 1024, stderr: r.stderr };
}

async function sha256Of(files: string[]): Promise<string> {
  const h = createHash("sha256");
  for (const f of files) for await (const chunk of createReadStream(f)) h.update(chunk as Buffer);
  return h.digest("hex");
}

function load(): string {
  return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
}

async function main() {
  if (!existsSync("/usr/bin/time")) throw new Error("bench:mix needs /usr/bin/time (GNU time) for peak RSS");
  console.log(`load average ${load()} (1, 5, 15 min) on ${os.cpus().length} cores, node ${process.version}`);
  mkdirSync(rowsDir, { recursive: true });
  const t0 = Date.now();
  for (const [config, count] of CONFIGS) await writeRows(config, count);
  copyTemplates();
  const bytes = CONFIGS.reduce((a, [c]) => a + statSync(path.join(rowsDir, `${c.split("/").join("__")}.jsonl`)).size, 0);
  const rowCount = CONFIGS.reduce((a, [, n]) => a + n, 0);
  console.log(`rows: ${CONFIGS.length} files, ${rowCount.toLocaleString("en")} rows, ${(bytes / 1e9).toFixed(2)} GB (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);

  const whole = path.join(dir, "mix.jsonl");
  const run = runMix(whole);
  const manifest = JSON.parse(readFileSync(path.join(dir, "mix.manifest.json"), "utf8"));
  const records = manifest.written.records as number;
  console.log(
    `mix: ${records.toLocaleString("en")} examples written (${manifest.plan.total.toLocaleString("en")} planned, ${manifest.written.byShots["0"] ?? 0} zero-shot), ` +
      `${(manifest.file.bytes / 1e9).toFixed(2)} GB in ${run.seconds.toFixed(1)} s → ${Math.round(records / run.seconds).toLocaleString("en")} examples/s; ` +
      `peak RSS ${run.maxRssMb.toFixed(0)} MB (target < 300 MB${NODE_FLAGS ? `; NODE_OPTIONS="${NODE_FLAGS}"` : ""}); load average ${load()}`,
  );

  if (!values["no-shards"]) {
    // the unsharded file to compare with: the one above, or one of the shard check's size
    let reference = whole;
    if (shardTotal !== total) {
      reference = path.join(dir, "mix-shard-check.jsonl");
      runMix(reference, [], shardTotal);
    }
    const parts: string[] = [];
    let seconds = 0;
    let slowest = 0;
    let maxRss = 0;
    for (let k = 1; k <= 4; k++) {
      const part = path.join(dir, `mix-${k}-of-4.jsonl`);
      const r = runMix(part, ["--shard", `${k}/4`], shardTotal);
      parts.push(part);
      seconds += r.seconds;
      slowest = Math.max(slowest, r.seconds);
      maxRss = Math.max(maxRss, r.maxRssMb);
    }
    const [a, b] = await Promise.all([sha256Of([reference]), sha256Of(parts)]);
    console.log(
      `shards 1/4 … 4/4 of ${shardTotal.toLocaleString("en")}: ${seconds.toFixed(1)} s in all, slowest ${slowest.toFixed(1)} s, peak RSS ${maxRss.toFixed(0)} MB; ` +
        `concatenation ${a === b ? "EQUALS" : "DIFFERS FROM"} the unsharded output (sha256 ${a.slice(0, 16)}…); load average ${load()}`,
    );
    for (const p of parts) rmSync(p, { force: true });
    if (reference !== whole) rmSync(reference, { force: true });
    if (a !== b || maxRss >= 300) process.exitCode = 1;
  }
  if (run.maxRssMb >= 300) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
