/**
 * The streamed download with live progress: GET /api/exports?...&progress=1 answers
 * `application/vnd.promptpool.export-frames` instead of the bare zip, a sequence of frames
 *
 *   [type: 1 byte] [length: uint32 big-endian] [payload: length bytes]
 *
 *   "D" zip bytes, in order (their concatenation is exactly the zip of the plain download)
 *   "P" progress, JSON {records, bytes, files}: renders done, content bytes produced, files done
 *   "E" the export failed, JSON {message} (the last frame)
 *   "Z" the export finished, JSON {records, bytes, files, zipBytes} (the last frame)
 *
 * so the browser shows records as well as bytes while it downloads, and learns of a failure in
 * words instead of a cut connection. Response headers cannot change once sent and fetch() exposes
 * no trailers, hence frames in the body. The plain URL (no `progress`) stays a zip for links and
 * tools. Plain TypeScript, used by the server (lib/db/export-stream.ts) and the browser
 * (components/export/download-button.tsx).
 */

export const EXPORT_FRAMES_CONTENT_TYPE = "application/vnd.promptpool.export-frames";

export type ExportFrame =
  | { type: "data"; bytes: Uint8Array }
  | { type: "progress"; records: number; bytes: number; files: number }
  | { type: "error"; message: string }
  | { type: "end"; records: number; bytes: number; files: number; zipBytes: number };

const TYPE_CODES = { data: 0x44, progress: 0x50, error: 0x45, end: 0x5a } as const;
const HEADER = 5;

export function encodeExportFrame(frame: ExportFrame): Uint8Array {
  const payload = frame.type === "data" ? frame.bytes : new TextEncoder().encode(JSON.stringify({ ...frame, type: undefined }));
  const out = new Uint8Array(HEADER + payload.byteLength);
  out[0] = TYPE_CODES[frame.type];
  new DataView(out.buffer).setUint32(1, payload.byteLength, false);
  out.set(payload, HEADER);
  return out;
}

/** Splits a byte stream into frames, whatever the chunk boundaries. */
export class ExportFrameDecoder {
  private buffer: Uint8Array = new Uint8Array(0);

  /** Feeds a chunk; returns the frames completed by it. */
  push(chunk: Uint8Array): ExportFrame[] {
    if (this.buffer.byteLength === 0) this.buffer = chunk;
    else {
      const joined = new Uint8Array(this.buffer.byteLength + chunk.byteLength);
      joined.set(this.buffer, 0);
      joined.set(chunk, this.buffer.byteLength);
      this.buffer = joined;
    }
    const frames: ExportFrame[] = [];
    let offset = 0;
    while (this.buffer.byteLength - offset >= HEADER) {
      const view = new DataView(this.buffer.buffer, this.buffer.byteOffset + offset, HEADER);
      const length = view.getUint32(1, false);
      if (this.buffer.byteLength - offset < HEADER + length) break;
      const payload = this.buffer.subarray(offset + HEADER, offset + HEADER + length);
      frames.push(decode(this.buffer[offset], payload));
      offset += HEADER + length;
    }
    this.buffer = offset === 0 ? this.buffer : this.buffer.slice(offset);
    return frames;
  }

  /** Bytes of an incomplete frame still held (non-zero at the end means the stream was cut). */
  get pending(): number {
    return this.buffer.byteLength;
  }
}

function decode(code: number, payload: Uint8Array): ExportFrame {
  if (code === TYPE_CODES.data) return { type: "data", bytes: payload.slice() };
  const json = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
  const num = (k: string) => (typeof json[k] === "number" ? (json[k] as number) : 0);
  if (code === TYPE_CODES.progress) return { type: "progress", records: num("records"), bytes: num("bytes"), files: num("files") };
  if (code === TYPE_CODES.end) return { type: "end", records: num("records"), bytes: num("bytes"), files: num("files"), zipBytes: num("zipBytes") };
  if (code === TYPE_CODES.error) return { type: "error", message: typeof json.message === "string" ? json.message : "The export failed" };
  throw new Error(`unknown export frame type ${code}`);
}
