import { describe, expect, it } from "vitest";
import { zipSync, strToU8 } from "fflate";
import { ImportInputError, readZipFiles, unsafePathReason } from "./zip-entries";

const LIMITS = { maxEntries: 100, maxTotalBytes: 1024 * 1024 };
const all = () => true;

function refused(zip: Uint8Array, limits = LIMITS): ImportInputError {
  try {
    readZipFiles(zip, limits, all);
  } catch (e) {
    if (e instanceof ImportInputError) return e;
    throw e;
  }
  throw new Error("expected the zip to be refused");
}

/** A zip built by hand, so entry names fflate's writer would refuse can be tested. */
function rawZip(name: string, data: Uint8Array): Uint8Array {
  const zip = zipSync({ placeholder: [data, { level: 0 }] });
  const text = new TextDecoder("latin1").decode(zip);
  // Same length names keep every offset valid.
  const padded = name.padEnd("placeholder".length, "x").slice(0, "placeholder".length);
  return strToU8(text.split("placeholder").join(padded), true);
}

describe("readZipFiles", () => {
  it("returns the wanted files with their bytes", () => {
    const zip = zipSync({ "templates/ag_news/templates.yaml": strToU8("dataset: ag_news\n"), "templates/README.md": strToU8("hi") });
    const files = readZipFiles(zip, LIMITS, (p) => p.endsWith(".yaml"));
    expect(files.map((f) => [f.path, new TextDecoder().decode(f.bytes)])).toEqual([["templates/ag_news/templates.yaml", "dataset: ag_news\n"]]);
  });

  it("stops inflating a zip bomb at the size cap", () => {
    // 16 MB of zeros deflate to about 16 KB: a thousand times the upload's size once inflated.
    const bomb = zipSync({ "templates.yaml": new Uint8Array(16 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(40_000);
    const e = refused(bomb);
    expect(e.code).toBe("TOO_LARGE");
    expect(e.message).toMatch(/inflates to more than 1 MB/);
  });

  it("caps the total over many entries, not only per entry", () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 5; i++) files[`d${i}/templates.yaml`] = new Uint8Array(300 * 1024);
    expect(refused(zipSync(files)).code).toBe("TOO_LARGE");
  });

  it("refuses too many entries", () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 101; i++) files[`f${i}.txt`] = strToU8("x");
    expect(refused(zipSync(files)).code).toBe("TOO_MANY_ENTRIES");
  });

  it.each([
    ["../../etc/passwd.x", /goes up a folder/],
    ["/etc/passwd.yamlx", /is absolute/],
    ["a\\..\\b.yamlxxx", /backslash/],
    ["C:/evil.yamlxx", /drive letter/],
  ])("refuses the whole upload for entry %s", (name, reason) => {
    const e = refused(rawZip(name, strToU8("x")));
    expect(e.code).toBe("UNSAFE_PATH");
    expect(e.message).toMatch(reason);
  });

  it("refuses what is not a zip, and a truncated one", () => {
    expect(refused(strToU8("dataset: ag_news\n")).code).toBe("NOT_A_ZIP");
    const zip = zipSync({ "templates.yaml": strToU8("x".repeat(10_000)) }, { level: 0 });
    expect(refused(zip.subarray(0, 200)).code).toBe("NOT_A_ZIP");
  });

  it.each([
    ["templates/a/templates.yaml", null],
    ["a/../b", "goes up a folder (..)"],
    ["..", "goes up a folder (..)"],
    ["x\0y", "contains a NUL byte"],
  ])("unsafePathReason(%s)", (name, reason) => {
    expect(unsafePathReason(name)).toBe(reason);
  });
});
