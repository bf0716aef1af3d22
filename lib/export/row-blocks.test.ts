import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { exportFiles } from "./engine";
import { fileSource, scanRowsFolder } from "./file-source";
import { readJsonlRows } from "./rows-file";
import { isBlankLine } from "./read-lines";
import { fileBlocks, ownBlocks } from "./row-blocks";
import type { ExportFile, ExportTemplate, StartWorkerPool } from "./types";
import { WorkerPool } from "./worker-pool";

const dir = mkdtempSync(path.join(tmpdir(), "promptpool-blocks-"));
const LINES = Array.from({ length: 40 }, (_, i) => JSON.stringify({ text: `row ${i} ${"é😀x".repeat(i % 7 === 3 ? 120 : i % 5)}`, label: i % 3 === 2 ? -1 : i % 2 }));
// blank lines (ASCII and Unicode whitespace) do not count as rows, a BOM and \r\n are read as usual
const text = "\ufeff" + LINES.map((l, i) => (i % 9 === 4 ? `${l}\r\n  \n\u00a0\u2003\n` : `${l}\n`)).join("");
writeFileSync(path.join(dir, "demo.jsonl"), text);
writeFileSync(path.join(dir, "small.jsonl"), LINES.slice(0, 5).join("\n") + "\n");

function template(id: string, jinja: string, answerChoices: string | null = null): ExportTemplate {
  const metadata = { originalTask: true, choicesInPrompt: false, metrics: ["Accuracy"], languages: ["en"], extra: {} };
  return { id, name: id, jinja, answerChoices, reference: "", metadata, extra: {}, dataset: "demo", subset: null };
}
const TEMPLATES = [
  { ...template("small", "{{ text }} ||| {{ answer_choices[label] }}", "no ||| yes"), dataset: "small" },
  template("yesno", "{{ text }} Yes or no? ||| {% if label != -1 %}{{ answer_choices[label] }}{% endif %}", "No ||| Yes"),
  template("pick", "{{ ['a', 'b', 'c'] | choice }} {{ text }} ||| {{ text | length }}", "{{ text[:3] }} ||| {{ text[-3:] }} ||| x"),
  template("gated", "{% if label == 1 %}{{ text }} ||| ok{% endif %}"),
];

async function exportToMap(workers: number, blockBytes = 0, largeRowsFile = 0, scoreBufferBytes?: number): Promise<Map<string, string>> {
  const start: StartWorkerPool = (n, setup, onRendered, reuse) => new WorkerPool(n, { ...setup, blockBytes, largeRowsFile, scoreBufferBytes: scoreBufferBytes ?? setup.scoreBufferBytes }, onRendered, reuse);
  const source = fileSource(TEMPLATES, await scanRowsFolder(dir));
  const out = new Map<string, string>();
  const read = async (f: ExportFile) => {
    const parts: Uint8Array[] = [];
    // reuseChunks: a chunk's memory is the export's again once the next is asked for
    for await (const c of f.content) parts.push(Buffer.from(c));
    out.set(f.path, Buffer.concat(parts).toString("utf8"));
  };
  for await (const f of exportFiles(source, { format: "p3", seedBase: 3, workers, startWorkerPool: start, reuseChunks: true })) await read(f);
  return out;
}

describe("rows split in blocks between export workers", () => {
  it("gives the files of one thread, byte for byte, with 2 and 3 workers and blocks of every size", async () => {
    const one = await exportToMap(1);
    expect(one.get("demo_yesno_score_eval/train.jsonl")!.split("\n").length).toBeGreaterThan(40);
    // 150 bytes: many blocks, some empty (a row longer than a block), rows of a template split between workers
    for (const [workers, blockBytes] of [
      [2, 150],
      [3, 150],
      [2, 1000],
      [3, 4096],
      [2, 0],
    ])
      expect(await exportToMap(workers, blockBytes), `${workers} workers, blocks of ${blockBytes} bytes`).toEqual(one);
  });

  it("gives the same files when small files go whole to one worker and large ones are shared, in one export", async () => {
    const one = await exportToMap(1);
    // demo.jsonl (about 9 KB) is shared in blocks, small.jsonl goes whole to the first free worker
    expect(await exportToMap(2, 300, 2000)).toEqual(one);
    expect(await exportToMap(3, 300, 1 << 30)).toEqual(one);
  });

  it("gives the same score-eval files when the kept inputs overflow a worker's buffer and its blocks render again", async () => {
    const one = await exportToMap(1);
    expect(await exportToMap(2, 200, 0, 500)).toEqual(one);
    expect(await exportToMap(2, 200, 1 << 30, 500)).toEqual(one);
  });

  it("gives the files of one thread for random configs, sizes, thresholds, blocks and worker counts", async () => {
    let seed = 11;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let round = 0; round < 4; round++) {
      const rowsDir = mkdtempSync(path.join(tmpdir(), "promptpool-blocks-random-"));
      const templates: ExportTemplate[] = [];
      for (let c = 0; c < 5; c++) {
        const lines = Array.from({ length: random(50) }, () => LINES[random(LINES.length)]);
        // empty files, blank lines, a last line without "\n"
        const body = lines.map((l) => (random(6) === 0 ? `\n${l}` : l)).join("\n") + (random(2) ? "\n" : "");
        writeFileSync(path.join(rowsDir, `c${c}.jsonl`), body);
        for (const t of TEMPLATES.slice(1)) templates.push({ ...t, id: `${t.id}-${c}`, name: `${t.name} ${c}`, dataset: `c${c}` });
      }
      const source = fileSource(templates, await scanRowsFolder(rowsDir));
      const read = async (workers: number, setup: { blockBytes: number; largeRowsFile: number }) => {
        const start: StartWorkerPool = (n, s, onRendered, reuse) => new WorkerPool(n, { ...s, ...setup }, onRendered, reuse);
        const out = new Map<string, string>();
        for await (const f of exportFiles(source, { format: "p3", seedBase: round, workers, startWorkerPool: start, reuseChunks: true })) {
          const parts: Uint8Array[] = [];
          for await (const chunk of f.content) parts.push(Buffer.from(chunk));
          out.set(f.path, Buffer.concat(parts).toString("utf8"));
        }
        return out;
      };
      const one = await read(1, { blockBytes: 0, largeRowsFile: 0 });
      const setup = { blockBytes: 100 + random(2000), largeRowsFile: random(4000) };
      expect(await read(2 + random(2), setup), JSON.stringify(setup)).toEqual(one);
    }
  });

  it("gives the files of one thread when the output is many times the workers' slots, score-evals deferred or not, and with one thread whose chunks are recycled", async () => {
    // 2,000 rows of about 600 bytes, four score-eval templates: each task's score-eval blocks are
    // about 1 MB per worker (deferred while the next task renders) or 3 MB (over the deferral
    // size), against output slots of 2 MB per worker
    const bigDir = mkdtempSync(path.join(tmpdir(), "promptpool-blocks-big-"));
    const rows = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ text: `${i} ${"word é ".repeat(80 + (i % 17))}`, label: i % 2 }));
    writeFileSync(path.join(bigDir, "demo.jsonl"), rows.join("\n") + "\n");
    const templates = [
      template("two", "{{ text }} ? ||| {{ answer_choices[label] }}", "no ||| yes"),
      template("six", "{{ text }} ?? ||| {{ answer_choices[label] }}", "a ||| b ||| c ||| d ||| e ||| f"),
      template("plain", "{{ text[:50] }} ||| {{ label }}"),
      template("two again", "{{ text | upper }} ||| {{ answer_choices[label] }}", "n ||| y"),
      template("three", "{{ text }} ! ||| {{ answer_choices[label] }}", "x ||| y ||| z"),
    ];
    const source = fileSource(templates, await scanRowsFolder(bigDir));
    /** the memory the chunks of one export came in, by the byte count seen in it */
    let memory = new Map<ArrayBufferLike, number>();
    const read = async (workers: number, reuseChunks: boolean) => {
      const start: StartWorkerPool = (n, setup, onRendered, reuse) => new WorkerPool(n, { ...setup, budgetBytes: 2 << 20, blockBytes: 64 << 10 }, onRendered, reuse);
      const out = new Map<string, string>();
      memory = new Map();
      for await (const f of exportFiles(source, { format: "p3", seedBase: 5, workers, startWorkerPool: start, reuseChunks })) {
        const parts: Uint8Array[] = [];
        // without reuseChunks the reader may keep every chunk
        for await (const chunk of f.content) {
          parts.push(reuseChunks ? Buffer.from(chunk) : chunk);
          memory.set(chunk.buffer, (memory.get(chunk.buffer) ?? 0) + chunk.length);
        }
        out.set(f.path, Buffer.concat(parts).toString("utf8"));
      }
      return out;
    };
    // one thread, its chunks recycled (reuseChunks): the same few MB written again and again
    const one = await read(1, true);
    expect(one.get("demo_six_score_eval/train.jsonl")!.length).toBeGreaterThan(6 << 20);
    expect(memory.size).toBeLessThanOrEqual(4);
    expect(Math.max(...memory.values())).toBeGreaterThan(4 << 20);
    // one thread without reuseChunks: fresh memory for each chunk, never more than a chunk's bytes in it
    expect(await read(1, false)).toEqual(one);
    expect(memory.size).toBeGreaterThan(6);
    expect(Math.max(...memory.values())).toBeLessThanOrEqual(1 << 20);
    // two workers, reuseChunks: each chunk of their slots copied into the pool's one scratch chunk
    // (what the reader hashes is then in its own memory), never handed out as shared memory
    expect(await read(2, true)).toEqual(one);
    expect([...memory.keys()].some((m) => m instanceof SharedArrayBuffer)).toBe(false);
    expect(Math.max(...memory.values())).toBeGreaterThan(10 << 20);
    expect(await read(3, false)).toEqual(one);
  });

  it("gives each worker its own blocks: together every row once, in order, with its index", async () => {
    const all: string[] = [];
    for await (const row of readJsonlRows(path.join(dir, "demo.jsonl"))) all.push(String(row.get("text")));
    const seen: [number, string][] = [];
    for (let w = 0; w < 3; w++)
      for await (const b of ownBlocks(path.join(dir, "demo.jsonl"), w, 3, fileBlocks(statSync(path.join(dir, "demo.jsonl")).size, 3, 200))) {
        expect(b.block % 3).toBe(w);
        b.rows.forEach((r, i) => seen.push([b.first + i, String(r.get("text"))]));
      }
    seen.sort((a, b) => a[0] - b[0]);
    expect(seen).toEqual(all.map((t, i) => [i, t]));
  });

  it("decides blank lines as readJsonlRows does", () => {
    for (const [line, blank] of [
      ["", true],
      [" \t\r\f\v", true],
      ["\u00a0\u2003\ufeff", true],
      ['{"a": 1}', false],
      ["  x", false],
      ["\u00e9", false],
    ] as const)
      expect(isBlankLine(Buffer.from(line, "utf8")), JSON.stringify(line)).toBe(blank);
    expect(isBlankLine(Buffer.from([0x20, 0xff]))).toBe(false);
  });

  it("names the file and line of a malformed row in another worker's block", async () => {
    const bad = mkdtempSync(path.join(tmpdir(), "promptpool-blocks-bad-"));
    writeFileSync(path.join(bad, "demo.jsonl"), LINES.slice(0, 30).join("\n") + '\n{"text": \n' + LINES.slice(30).join("\n") + "\n");
    const source = fileSource(TEMPLATES, await scanRowsFolder(bad));
    const start: StartWorkerPool = (n, setup, onRendered, reuse) => new WorkerPool(n, { ...setup, blockBytes: 200 }, onRendered, reuse);
    const run = async () => {
      for await (const f of exportFiles(source, { format: "p3", workers: 2, startWorkerPool: start })) for await (const _ of f.content);
    };
    await expect(run()).rejects.toThrow(/demo\.jsonl:31: malformed JSON/);
  });

  it("fails the tasks waiting for a worker when a worker stops, instead of waiting for ever", async () => {
    const pool = new WorkerPool(1, { budgetBytes: 1 << 20, rowCacheChars: 1 << 20, scoreBufferBytes: 1 << 20, largeRowsFile: 1 << 30 }, () => {}, false);
    const spec = { template: TEMPLATES[1], rowsFile: path.join(dir, "demo.jsonl"), options: { format: "p3" as const, folder: "f", choicesInPrompt: null, scoreEval: true, seedBase: 0 } };
    const first = pool.submit(spec);
    const second = pool.submit(spec); // not taken: the only worker is busy with the first
    const read = async (t: typeof first) => {
      for await (const _ of t.file(0, () => {}));
    };
    const stopped = Promise.all([read(first), read(second)]);
    await (pool as unknown as { workers: { thread: { terminate(): Promise<number> } }[] }).workers[0].thread.terminate();
    await expect(stopped).rejects.toThrow(/export worker stopped/);
    await pool.close();
  });
});
