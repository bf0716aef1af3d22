import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import type { ExportFile } from "./types";
import { zipFiles, type ZipOptions } from "./zip-writer";

const text = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));

/** Files as an export gives them, each content cut into chunks of `chunk` bytes. */
async function* exportOf(files: [string, Uint8Array][], chunk = 1 << 20): AsyncGenerator<ExportFile> {
  for (const [p, data] of files) {
    yield {
      path: p,
      content: (async function* () {
        for (let at = 0; at < data.length; at += chunk) yield data.subarray(at, at + chunk);
      })(),
    };
  }
}

async function zip(files: [string, Uint8Array][], options: ZipOptions = {}, chunk?: number): Promise<Buffer> {
  const out: Uint8Array[] = [];
  for await (const c of zipFiles(exportOf(files, chunk), options)) out.push(c);
  return Buffer.concat(out);
}

/** Pseudo-random text: compressible like JSONL, different everywhere. */
function sample(bytes: number, seed: number): Uint8Array {
  const words = ["inputs", "targets", "Yes", "No", "ünï", "数据", "😀", "question", "answer", "\n"];
  let x = seed;
  let s = "";
  while (s.length < bytes) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    s += words[x % words.length] + (x % 7 === 0 ? "\n" : " ");
  }
  return Buffer.from(s, "utf8").subarray(0, bytes);
}

const SMALL: [string, Uint8Array][] = [
  ["a/train.jsonl", text('{"inputs_pretokenized": "x", "targets_pretokenized": "y"}\n')],
  ["b_score_eval/validation.jsonl", sample(5000, 1)],
  ["dé_jà/vu.jsonl", text("")],
  ["manifest.json", text('{"format": "p3"}\n')],
];

describe("zipFiles", () => {
  it.each([0, 1, 6] as const)("gives the same bytes however the content is chunked, and unzips to the files (level %i)", async (level) => {
    const files: [string, Uint8Array][] = [["big.jsonl", sample(300_000, 2)], ...SMALL];
    const a = await zip(files, { level }, 1 << 20);
    const b = await zip(files, { level }, 777);
    expect(a.equals(b)).toBe(true);
    const back = unzipSync(new Uint8Array(a));
    expect(Object.keys(back)).toEqual(files.map(([p]) => p));
    for (const [p, data] of files) expect(Buffer.from(back[p]).equals(Buffer.from(data)), p).toBe(true);
    if (level === 0) expect(a.length).toBeGreaterThan(300_000);
    else expect(a.length).toBeLessThan(300_000);
  });

  const haveUnzip = spawnSync("unzip", ["-v"]).status === 0;
  it.runIf(haveUnzip)("passes Info-ZIP's unzip -t, non-ASCII names and ZIP64 records included", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "promptpool-unzip-"));
    for (const [i, options] of ([{}, { level: 0 }, { level: 6, zip64From: 1, zip64Entries: 1 }] as ZipOptions[]).entries()) {
      const file = path.join(dir, `t${i}.zip`);
      writeFileSync(file, await zip([["big.jsonl", sample(100_000, 4)], ...SMALL], options, 5000));
      const run = spawnSync("unzip", ["-t", file], { encoding: "utf8", env: { ...process.env, LANG: "C.UTF-8" } });
      expect(run.stdout + run.stderr).toContain("No errors detected");
      expect(run.stdout).toContain("dé_jà/vu.jsonl");
      expect(run.status).toBe(0);
    }
  });

  const havePython = spawnSync("python3", ["-c", "import zipfile"]).status === 0;
  it.runIf(havePython)("writes ZIP64 records that Python's zipfile and fflate read (sizes, offsets and counts past the limits)", async () => {
    const files: [string, Uint8Array][] = [["big.jsonl", sample(200_000, 3)], ...SMALL];
    // every size, offset and count counts as past the 32-bit limits
    for (const options of [{ level: 6, zip64From: 1, zip64Entries: 1 }, { level: 0, zip64From: 1, zip64Entries: 1 }, { level: 0, zip64From: 150_000 }] as ZipOptions[]) {
      const bytes = await zip(files, options, 4096);
      expect(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06])), "ZIP64 end record").toBe(true);
      const back = unzipSync(new Uint8Array(bytes));
      for (const [p, data] of files) expect(Buffer.from(back[p]).equals(Buffer.from(data)), p).toBe(true);
      const file = path.join(mkdtempSync(path.join(tmpdir(), "promptpool-zip64-")), "t.zip");
      writeFileSync(file, bytes);
      const script = `
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
print(json.dumps([[i.filename, i.file_size, len(z.read(i))] for i in z.infolist()]))`;
      const run = spawnSync("python3", ["-c", script, file], { encoding: "utf8" });
      expect(run.stderr).toBe("");
      expect(JSON.parse(run.stdout)).toEqual(files.map(([p, data]) => [p, data.length, data.length]));
    }
  });
});
