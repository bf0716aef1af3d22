import { describe, expect, it } from "vitest";
import { ByteChunks } from "./byte-chunks";
import { pyJsonString } from "./json-text";

function viaChunks(s: string): Buffer {
  const out = new ByteChunks();
  const returned = Buffer.from(out.json(s));
  const all = Buffer.concat(out.drain(true));
  expect(returned.equals(all)).toBe(true);
  return all;
}

describe("ByteChunks.json (JSON text written as bytes)", () => {
  const cases = [
    "",
    "plain ascii",
    'quote " and backslash \\ and slash /',
    "lines\nand\ttabs\r\n\b\f",
    "controls \u0000\u0001\u001f and DEL \u007f",
    "accents é à ü, CJK 漢字, emoji 😀 at the end 🎉",
    "😀",
    "\n",
    "lone high \ud800 surrogate",
    "lone low \udc00 surrogate",
    "pair then lone \ud83d\ude00\ud83d",
    "x".repeat(3000) + "\n" + "é".repeat(1000),
  ];
  for (const s of cases)
    it(`writes ${JSON.stringify(s.slice(0, 40))} as Python's json.dumps(ensure_ascii=False) in UTF-8`, () => {
      expect(viaChunks(s).toString("latin1")).toBe(Buffer.from(pyJsonString(s), "utf8").toString("latin1"));
    });

  it("agrees with JSON.stringify on random strings of every kind of code unit", () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const pool = [0, 9, 10, 31, 34, 92, 65, 127, 233, 0x4e00, 0xd83d, 0xde00, 0xdc00, 0xfffd];
    for (let n = 0; n < 2000; n++) {
      let s = "";
      for (let i = next() % 12; i > 0; i--) s += String.fromCharCode(pool[next() % pool.length]);
      expect(viaChunks(s).toString("latin1")).toBe(Buffer.from(JSON.stringify(s), "utf8").toString("latin1"));
    }
  });

  it("keeps a string that fills several chunks' worth contiguous and whole", () => {
    const out = new ByteChunks(undefined, 64);
    out.ascii("{");
    const s = "a\"b\n".repeat(100);
    const bytes = Buffer.from(out.json(s));
    expect(bytes.toString("utf8")).toBe(JSON.stringify(s));
    expect(Buffer.concat(out.drain(true)).toString("utf8")).toBe("{" + JSON.stringify(s));
  });
});
