/**
 * npm run bench:api -- [--url http://127.0.0.1:3000] [--seconds 10] [--concurrency 8] [--rows 10]
 *
 * Throughput of POST /api/v1/render over real HTTP against a running server: a closed loop of
 * `concurrency` clients sending one typical template (ag_news-style prompt with answer choices)
 * and `rows` rows each, for `seconds`. Prints requests/s, records/s and latency percentiles.
 * Start the server with a high anonymous rate limit, or every request after the first 60 is a 429:
 *   PROMPTPOOL_API_RATE_ANONYMOUS=1000000 npm start
 */
import { parseArgs } from "node:util";
import { renderRows, rowsFromBody } from "@/lib/api/render";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://127.0.0.1:3000" },
    seconds: { type: "string", default: "10" },
    concurrency: { type: "string", default: "8" },
    rows: { type: "string", default: "10" },
  },
});
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const rowCount = Number(values.rows);

const words = "stocks rally as tech earnings beat expectations while oil prices slip on supply news".split(" ");
const rows = Array.from({ length: rowCount }, (_, i) => ({
  text: Array.from({ length: 60 }, (_, j) => words[(i * 7 + j) % words.length]).join(" "),
  label: i % 4,
}));
const body = JSON.stringify({
  template: {
    jinja: "What label best describes this news article?\n{{text}} ||| {{answer_choices[label]}}",
    answerChoices: "World politics ||| Sports ||| Business ||| Science and technology",
  },
  rows,
});

/** The handler's own work (JSON parse + apply) in this process, without HTTP: CPU per request. */
function inProcess(): string {
  const budget = { maxRows: rowCount, budgetMs: 60_000, maxOutputChars: 4_000_000 };
  const run = () => renderRows((JSON.parse(body) as { template: { jinja: string; answerChoices: string } }).template, rowsFromBody(body), 0, budget);
  for (let i = 0; i < 200; i++) run();
  const n = 2000;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) run();
  const cpu = process.cpuUsage(cpu0);
  const micros = (cpu.user + cpu.system) / n;
  return `in process (no HTTP): ${micros.toFixed(0)} µs CPU per request, ${(1e6 / micros).toFixed(0)} requests/s per core`;
}

async function main() {
  console.log(inProcess());
  const url = `${values.url!.replace(/\/$/, "")}/api/v1/render`;
  const probe = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
  if (probe.status !== 200) throw new Error(`POST ${url}: ${probe.status} ${await probe.text()}`);
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
  const ok = statuses.get(200) ?? 0;
  console.log(`POST /api/v1/render, ${rowCount} rows/request, ${concurrency} clients, ${elapsed.toFixed(1)} s, body ${body.length} bytes`);
  console.log(`requests: ${latencies.length} (${[...statuses].map(([s, n]) => `${s}: ${n}`).join(", ")})`);
  console.log(`throughput: ${(ok / elapsed).toFixed(0)} requests/s, ${((ok * rowCount) / elapsed).toFixed(0)} records/s`);
  console.log(`latency ms: p50 ${pct(50)}, p90 ${pct(90)}, p99 ${pct(99)}`);
}

main().catch((e) => {
  console.error(String(e instanceof Error ? e.message : e));
  process.exit(1);
});
