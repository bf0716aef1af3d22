import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import wabt from "wabt";
import { randomString, seeded } from "../render/testing/random-strings";
import { ByteChunks } from "./byte-chunks";
import { JSON_ESCAPE_WASM, JsonEscaper, MAX_UNITS } from "./json-escape";
import { pyJsonString } from "./json-text";

const PIECES = ["a", "word ", "\n", "\t", "\r\n", "\u0000", "\u001f", "\u007f", '"', "\\", "/", "é", "漢字", "😀", "\ufffd", "\ud800", "\udc00", "ï", "\u00ef\u00bf", "x".repeat(17)];

/** U+FFFD, or a surrogate that is not half of a pair */
const MAY_BE_LONE = /\ufffd|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe("JsonEscaper (JSON text by WebAssembly SIMD)", () => {
  it("embeds the binary that json-escape.wat compiles to", async () => {
    const w = await wabt();
    const source = readFileSync(path.join(__dirname, "json-escape.wat"), "utf8");
    const module = w.parseWat("json-escape.wat", source, { simd: true });
    const binary = Buffer.from(module.toBinary({}).buffer);
    module.destroy();
    expect(binary.toString("base64")).toBe(JSON_ESCAPE_WASM);
  });

  it("writes JSON.stringify's text in UTF-8 for every string without U+FFFD or a lone surrogate, and refuses the others", () => {
    const e = new JsonEscaper();
    const random = seeded(5);
    let refused = 0;
    for (let round = 0; round < 4000; round++) {
      // lengths around the 16-byte groups, and long texts that grow the memory
      const length = round % 100 === 0 ? 200_000 : Math.floor(random() * (round % 3 === 0 ? 400 : 40));
      const s = randomString(random, length, PIECES);
      const n = e.write(s);
      if (MAY_BE_LONE.test(s)) {
        expect(n, JSON.stringify(s)).toBe(-1);
        refused++;
      } else expect(e.text.subarray(0, n).toString("latin1"), JSON.stringify(s)).toBe(Buffer.from(JSON.stringify(s), "utf8").toString("latin1"));
    }
    expect(refused).toBeGreaterThan(100);
    expect(refused).toBeLessThan(4000);
  });

  it("escapes every control character and nothing else below 0x80", () => {
    const e = new JsonEscaper();
    let all = "";
    for (let c = 0; c < 0x80; c++) all += String.fromCharCode(c) + "0123456789abcdef".slice(0, c % 17);
    const n = e.write(all);
    expect(e.text.subarray(0, n).toString("utf8")).toBe(pyJsonString(all));
  });

  it("leaves strings over its bound to the exact path, which ByteChunks.json then takes", () => {
    const huge = 'line "one"\n'.repeat(Math.ceil((MAX_UNITS + 1) / 11));
    expect(new JsonEscaper().write(huge)).toBe(-1);
    const out = new ByteChunks();
    out.json(huge);
    expect(Buffer.concat(out.drain(true)).equals(Buffer.from(pyJsonString(huge), "utf8"))).toBe(true);
  });

  it("gives ByteChunks.json the same bytes as the exact path, whichever path a string takes", () => {
    const random = seeded(9);
    for (let round = 0; round < 500; round++) {
      const s = randomString(random, Math.floor(random() * 300), PIECES);
      const out = new ByteChunks();
      out.json(s);
      expect(Buffer.concat(out.drain(true)).toString("latin1"), JSON.stringify(s)).toBe(Buffer.from(pyJsonString(s), "utf8").toString("latin1"));
    }
  });
});
