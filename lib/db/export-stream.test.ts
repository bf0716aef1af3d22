// The streamed download (no database: an in-memory ExportSource): the framed mode carries the
// same zip bytes as the plain one plus progress with records; a failure ends with its message;
// cancelling the stream stops the export (the source's rows are no longer read).
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import type { ExportSource, ExportTemplate } from "../export/types";
import { ExportFrameDecoder, type ExportFrame } from "../export/progress-frames";
import { parsePyJson } from "../render/py-json";
import type { PyDict } from "../render/values";
import { streamExport } from "./export-stream";
import type { DbExport } from "./export-source";

const template: ExportTemplate = {
  id: "t1",
  name: "echo",
  jinja: "{{ text }} ||| {{ label }}",
  dataset: "demo",
  subset: null,
  answerChoices: null,
  reference: "",
  metadata: { originalTask: true, choicesInPrompt: false, metrics: [], languages: ["en"], extra: {} },
  extra: {},
};

/** `rows` rows in split train (Infinity: never ends); `read.count` counts rows handed out, `read.closed` whether the reader was closed. */
function source(rows: number, fail?: Error) {
  const read = { count: 0, closed: false };
  const src: ExportSource = {
    templates: [template],
    splits: async () => ["train"],
    rows: async function* () {
      try {
        for (let i = 0; i < rows; i++) {
          if (fail && i === 10) throw fail;
          read.count++;
          yield parsePyJson(`{"text": "row ${i} ${"x".repeat(50)}", "label": ${i % 2}}`) as PyDict;
        }
      } finally {
        read.closed = true;
      }
    },
  };
  const e: DbExport = { source: src, release: null, seedBase: 0, templates: 1, plannedRenders: () => null };
  return { e, read };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function decodeAll(bytes: Uint8Array): ExportFrame[] {
  const d = new ExportFrameDecoder();
  const frames = d.push(bytes);
  expect(d.pending).toBe(0);
  return frames;
}

describe("streamed export", () => {
  it("framed: the data frames are the plain zip byte for byte, with progress and a final count", async () => {
    const plain = await readAll(streamExport(source(3000).e, "p3").stream);
    const frames = decodeAll(await readAll(streamExport(source(3000).e, "p3", undefined, { frames: true, progressEveryMs: 0 }).stream));
    const data = frames.flatMap((f) => (f.type === "data" ? [f.bytes] : []));
    expect(Buffer.concat(data).equals(Buffer.from(plain))).toBe(true);
    const progress = frames.filter((f) => f.type === "progress");
    expect(progress.length).toBeGreaterThan(2);
    const records = progress.map((p) => (p.type === "progress" ? p.records : -1));
    expect(records).toEqual([...records].sort((a, b) => a - b));
    const end = frames.at(-1)!;
    expect(end).toEqual({ type: "end", records: 3000, bytes: expect.any(Number), files: expect.any(Number), zipBytes: plain.byteLength });
    expect(Object.keys(unzipSync(plain))).toContain("manifest.json");
  });

  it("framed: a failure ends the stream with its message (a fault: with a reference only)", async () => {
    const domain = decodeAll(await readAll(streamExport(source(100, new AppError("NOT_FOUND", "Release gone not found")).e, "p3", undefined, { frames: true }).stream));
    expect(domain.at(-1)).toEqual({ type: "error", message: "Release gone not found" });
    const fault = decodeAll(await readAll(streamExport(source(100, new Error("disk at /var/x")).e, "p3", undefined, { frames: true }).stream));
    expect(fault.at(-1)).toEqual({ type: "error", message: expect.stringMatching(/^The export failed \(ref [0-9a-f]{8}\)$/) });
  });

  it.each([false, true])("cancelling the stream stops the export (frames: %s)", async (frames) => {
    const { e, read } = source(Infinity);
    const s = streamExport(e, "p3", undefined, { frames }).stream;
    const reader = s.getReader();
    let bytes = 0;
    while (bytes < 200_000) bytes += (await reader.read()).value!.byteLength;
    expect(read.count).toBeGreaterThan(0);
    await reader.cancel();
    expect(read.closed).toBe(true);
    const after = read.count;
    await new Promise((r) => setTimeout(r, 50));
    expect(read.count).toBe(after);
  });

  it("an aborted request stops the export", async () => {
    const { e, read } = source(Infinity);
    const abort = new AbortController();
    const reader = streamExport(e, "p3", abort.signal).stream.getReader();
    await reader.read();
    abort.abort();
    await expect(async () => {
      for (;;) if ((await reader.read()).done) break;
    }).rejects.toThrow();
    expect(read.closed).toBe(true);
  });
});
