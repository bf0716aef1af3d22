import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeLine, readLineBytes } from "./read-lines";

const dir = mkdtempSync(path.join(tmpdir(), "promptpool-lines-"));
function file(name: string, bytes: Buffer | string): string {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
}
async function lines(fileName: string): Promise<[number, string][]> {
  const out: [number, string][] = [];
  for await (const { bytes, lineNumber } of readLineBytes(fileName)) out.push([lineNumber, decodeLine(bytes, fileName, lineNumber)]);
  return out;
}

describe("readLineBytes and decodeLine", () => {
  it("splits on \\n, drops a \\r before it, keeps blank lines and a last line without \\n", async () => {
    expect(await lines(file("a.jsonl", "one\r\n\ntwo ünï 😀\nlast\r"))).toEqual([
      [1, "one"],
      [2, ""],
      [3, "two ünï 😀"],
      [4, "last"],
    ]);
    expect(await lines(file("empty.jsonl", ""))).toEqual([]);
    expect(await lines(file("nl.jsonl", "x\n"))).toEqual([[1, "x"]]);
  });

  it("skips a byte order mark at the start of the file only", async () => {
    expect(await lines(file("bom.jsonl", "\ufeffa\n\ufeffb\n"))).toEqual([
      [1, "a"],
      [2, "\ufeffb"],
    ]);
  });

  it("joins lines that cross the reader's chunks, multi-byte characters included", async () => {
    const want: string[] = [];
    for (let i = 0; want.join("\n").length < 700_000; i++) want.push(`${i} ${"é😀数".repeat(i % 97)} ${"x".repeat((i * 7919) % 5000)}`);
    const got = await lines(file("big.jsonl", want.join("\n") + "\n"));
    expect(got.map(([, l]) => l)).toEqual(want);
    expect(got.at(-1)![0]).toBe(want.length);
  });

  it("names the line of invalid UTF-8", async () => {
    const bad = Buffer.concat([Buffer.from("ok\nfine\n"), Buffer.from([0x61, 0xe9, 0x62]), Buffer.from("\nafter\n")]);
    await expect(lines(file("bad.jsonl", bad))).rejects.toThrow(/bad\.jsonl:3: invalid UTF-8/);
  });
});
