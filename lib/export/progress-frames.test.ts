import { describe, expect, it } from "vitest";
import { encodeExportFrame, ExportFrameDecoder, type ExportFrame } from "./progress-frames";

const frames: ExportFrame[] = [
  { type: "progress", records: 0, bytes: 0, files: 0 },
  { type: "data", bytes: new Uint8Array([80, 75, 3, 4, 0, 255]) },
  { type: "progress", records: 1024, bytes: 65536, files: 2 },
  { type: "data", bytes: new Uint8Array(70_000).fill(7) },
  { type: "data", bytes: new Uint8Array(0) },
  { type: "end", records: 2000, bytes: 99999, files: 5, zipBytes: 70006 },
];
const wire = (() => {
  const parts = frames.map(encodeExportFrame);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
})();

describe("export progress frames", () => {
  it.each([1, 3, 5, 4096, wire.byteLength])("decode what was encoded, in chunks of %i bytes", (size) => {
    const d = new ExportFrameDecoder();
    const got: ExportFrame[] = [];
    for (let i = 0; i < wire.byteLength; i += size) got.push(...d.push(wire.subarray(i, i + size)));
    expect(got).toEqual(frames);
    expect(d.pending).toBe(0);
  });

  it("a cut stream leaves bytes pending", () => {
    const d = new ExportFrameDecoder();
    expect(d.push(wire.subarray(0, wire.byteLength - 1)).length).toBe(frames.length - 1);
    expect(d.pending).toBeGreaterThan(0);
  });

  it("an error frame carries its message", () => {
    expect(new ExportFrameDecoder().push(encodeExportFrame({ type: "error", message: "Release x not found" }))).toEqual([{ type: "error", message: "Release x not found" }]);
  });
});
