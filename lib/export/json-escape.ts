/**
 * JSON text of a string, as Python's `json.dumps(s, ensure_ascii=False)` in UTF-8, made by
 * WebAssembly SIMD (json-escape.wat) in memory of its own: node writes the string's UTF-8 there
 * and the module copies it sixteen bytes at a time, escaping where it must.
 *
 * Why: an export writes about 2 GB of rendered text as JSON. Finding what to escape with a regular
 * expression over the string (json-bytes.ts `planJsonString`) cost as much as encoding it (about
 * 3 ns per UTF-16 unit each, node 20); the module tests sixteen bytes in a few instructions, so
 * escaping costs one more copy of the bytes (README, "Speed", fifteenth session).
 */
import { utf8Write } from "./json-bytes";

/** json-escape.wat compiled by wabt (json-escape.test.ts compiles it again and compares) */
export const JSON_ESCAPE_WASM = "AGFzbQEAAAABEAJgBH9/f38Bf2ADf39/AX8DAwIAAQUDAQABBxMCBm1lbW9yeQIABmVzY2FwZQABCvIDArMBAQF/IABBIEkEQCADQdwAOgAAIAAtAAAhBCAEBEAgAyAEOgABIANBAmoPCyADQfUAOgABIANBMDoAAiADQTA6AAMgAyAAQQR2LQAgOgAEIAMgAEEPcS0AIDoABSADQQZqDwsgAEEiRiAAQdwARnIEQCADQdwAOgAAIAMgADoAASADQQJqDwsgAEHvAUYgAUECaiACTSABLwEAQb/7AkZxcQRAQX8PCyADIAA6AAAgA0EBagu6AgMBfwF7A38gACABaiEDAkADQCAAQRBqIANLDQEgAP0AAAAhBCAE/QwgICAgICAgICAgICAgICAg/SYgBP0MIiIiIiIiIiIiIiIiIiIiIv0j/VAgBP0MXFxcXFxcXFxcXFxcXFxcXP0jIAT9DO/v7+/v7+/v7+/v7+/v7+/9I/1Q/VD9ZCEFIAAhBwJAA0AgBUUNASAHIAVoaiEGIAIgAP0AAAD9CwAAIAIgBiAAa2ohAiAGQQFqIQAgBi0AACAAIAMgAhAAIQIgAkEASARAQX8PCyAFIAVBAWtxIQUMAAsLIAIgAP0AAAD9CwAAIAIgB0EQaiAAa2ohAiAHQRBqIQAMAAsLAkADQCAAIANPDQEgAEEBaiEAIABBAWstAAAgACADIAIQACECIAJBAEgEQEF/DwsMAAsLIAILCzsCAEEACyAAAAAAAAAAAGJ0bgBmcgAAAAAAAAAAAAAAAAAAAAAAAABBIAsQMDEyMzQ1Njc4OWFiY2RlZg==";

/** where a string's JSON text is written: always here, so that one view of it serves every copy */
const DST = 64;
/**
 * Past this many UTF-16 units a string takes the exact path: the memory grows to about 9 bytes per
 * unit of the longest string written and is kept, so at most 2.4 MB per thread.
 */
export const MAX_UNITS = 1 << 18;

export class JsonEscaper {
  private readonly memory: WebAssembly.Memory;
  private readonly escape: (s: number, n: number, d: number) => number;
  private bytes: Buffer;
  /** the memory from the text's start: its first `write(s)` bytes are the text last written */
  text: Buffer;

  constructor() {
    const module = new WebAssembly.Module(Buffer.from(JSON_ESCAPE_WASM, "base64"));
    const exports = new WebAssembly.Instance(module).exports as { memory: WebAssembly.Memory; escape: (s: number, n: number, d: number) => number };
    this.memory = exports.memory;
    this.escape = exports.escape;
    this.bytes = Buffer.from(this.memory.buffer);
    this.text = this.bytes.subarray(DST);
  }

  /**
   * Writes the JSON text of `s`, quotes included, at the start of `text`; returns its length, or
   * -1 when `s` is too long or may hold a lone surrogate (its UTF-8 has U+FFFD), for which the
   * caller takes the exact path.
   */
  write(s: string): number {
    const units = s.length;
    if (units > MAX_UNITS) return -1;
    // the text takes at most 6 bytes per unit (a control character as \u00xx), the UTF-8 read
    // after it at most 3; the module reads and writes 16 bytes at a time, up to 15 past either end
    const src = DST + 6 * units + 2 + 16;
    const need = src + 3 * units + 16;
    if (need > this.bytes.length) {
      this.memory.grow(Math.ceil((need - this.bytes.length) / 65536));
      this.bytes = Buffer.from(this.memory.buffer);
      this.text = this.bytes.subarray(DST);
    }
    const n = utf8Write.call(this.bytes, s, src, 3 * units);
    this.bytes[DST] = 34;
    const end = this.escape(src, n, DST + 1);
    if (end < 0) return -1;
    this.bytes[end] = 34;
    return end + 1 - DST;
  }
}
