/**
 * npm run bench:import-rows: parse speed and peak memory of sample-row uploads. Builds a ~50 MB
 * JSONL and a ~50 MB CSV in memory (rows of a short review: text, label, score, tags) and parses
 * each with lib/datasets/parse-file (the code the upload runs, in the browser and on the server),
 * limits raised so the whole file is read. Prints rows/s, MB/s and the process's peak RSS.
 */
import { parseFile } from "../lib/datasets/parse-file";

const TARGET_BYTES = 50_000_000;
const limits = { maxBytes: 200_000_000, maxRows: 10_000_000 };

function jsonl(): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < TARGET_BYTES; i++) {
    const line = `{"text": "review ${i}: ${"a fairly ordinary sentence about the product. ".repeat(3)}", "label": ${i % 2}, "score": ${(i % 5) + 0.5}, "tags": ["t${i % 7}", "x"]}`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join("\n") + "\n";
}

function csv(): string {
  const lines = ["text,label,score,votes"];
  let size = 0;
  for (let i = 0; size < TARGET_BYTES; i++) {
    const line = `"review ${i}: ${"a fairly ordinary sentence, about the product. ".repeat(3)}",${i % 2},${(i % 5) + 0.5},${i}`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join("\n") + "\n";
}

async function bench(name: string, text: string) {
  const bytes = new TextEncoder().encode(text);
  const started = performance.now();
  const parsed = await parseFile({ fileName: name, bytes, limits });
  const ms = performance.now() - started;
  const mb = bytes.byteLength / 1e6;
  console.log(
    `${name.padEnd(12)} ${mb.toFixed(1)} MB, ${parsed.rows.length.toLocaleString("en")} rows: ${(ms / 1000).toFixed(2)} s, ` +
      `${Math.round(parsed.rows.length / (ms / 1000)).toLocaleString("en")} rows/s, ${(mb / (ms / 1000)).toFixed(1)} MB/s`,
  );
}

async function main() {
  await bench("rows.jsonl", jsonl());
  await bench("rows.csv", csv());
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (both files, this process)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
