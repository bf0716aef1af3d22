import { describe, expect, it } from "vitest";
import { parsePyJson } from "@/lib/render/py-json";
import type { PyDict } from "@/lib/render/values";
import { applyClassLabel, inferFeatures } from "./features";
import { toJsonText } from "./json-text";
import { parseFile } from "./parse-file";
import { checkExistingClassLabels, namesFromText, planClassLabels, prepareRows, previewRows } from "./prepare-import";

const limits = { maxBytes: 10_000_000, maxRows: 100_000 };
const jsonl = (...rows: string[]) => parseFile({ fileName: "f.jsonl", bytes: new TextEncoder().encode(rows.join("\n") + "\n"), limits });

describe("ClassLabel columns of a parsed file", () => {
  it("keeps untouched rows verbatim and rewrites only converted ones", async () => {
    const parsed = await jsonl('{"y": "b",   "n": 1}', '{"y": null, "n": 0}', '{"y": " a ", "n": -1}');
    const out = prepareRows(parsed, { y: ["a", "b"], n: ["no", "yes"] });
    expect(out.rows).toEqual(['{"y":1,"n":1}', '{"y": null, "n": 0}', '{"y":0,"n":-1}']);
    expect(out.features).toEqual({ y: { _type: "ClassLabel", names: ["a", "b"] }, n: { _type: "ClassLabel", names: ["no", "yes"] } });
    expect(out.convertedColumns).toEqual(["y"]);
    // the preview converts its sample the same way, without touching the rows
    expect(previewRows(parsed, { y: ["a", "b"] }).sample.map((v) => toJsonText(v))).toEqual(['{"y":1,"n":1}', '{"y":null,"n":0}', '{"y":0,"n":-1}']);
  });

  it("offers a text column's distinct values, sorted, as default names", async () => {
    const parsed = await jsonl('{"label": "pos"}', '{"label": "neg "}', '{"label": "pos"}', '{"label": null}');
    expect(parsed.columns.get("label")?.distinctTexts()).toEqual(["neg", "pos"]);
  });

  it.each([
    [['{"label": 0}', '{"label": 3}', '{"label": 2}'], "label", ["a", "b"], /^f\.jsonl:2: label is 3, not an index of the 2 class names \(0–1, or -1 for no label\)$/],
    [['{"label": 0}', '{"label": 5000}', '{"label": 1}'], "label", ["a"], /^f\.jsonl:2: label is 5000, not an index/],
    [['{"label": 1}', '{"label": -2}'], "label", ["a", "b"], /^f\.jsonl:2: label is -2, not an index/],
    [['{"label": "yes"}', '{"label": "maybe"}', '{"label": "nah"}'], "label", ["yes", "no"], /^f\.jsonl:2: label "maybe" is not one of the class names$/],
    [['{"label": 1.5}'], "label", ["a", "b"], /^Column "label" is float64; only integer or string columns/],
    [['{"label": 1}'], "nope", ["a"], /^There is no column "nope"$/],
    [['{"label": 1}'], "label", [], /give at least one class name/],
  ])("refuses %j (%s → %j), naming the first row that does not fit", async (rows, column, names, message) => {
    const parsed = await jsonl(...rows);
    expect(() => prepareRows(parsed, { [column]: names })).toThrow(message);
  });

  it("refuses a text column with more distinct values than a ClassLabel may have names", async () => {
    const parsed = await jsonl(...Array.from({ length: 1001 }, (_, i) => `{"t": "v${i}"}`));
    expect(() => planClassLabels(parsed, { t: ["v0"] })).toThrow('Column "t" has more than 1,000 different values; a ClassLabel has at most 1,000 names');
  });

  // The column values stand in for a scan of the rows: same verdict, same row, for any data.
  it("agrees with a scan of the rows on random columns", async () => {
    let seed = 7; // xorshift32
    const rand = (n: number) => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    for (let round = 0; round < 200; round++) {
      const texts = rand(2) === 0;
      const lines = Array.from({ length: 1 + rand(30) }, () => {
        const r = rand(12);
        const v = r === 0 ? "null" : texts ? JSON.stringify(["a", "b", "c", " d", "e "][r % 5]) : String([-1, 0, 1, 2, 3, 1200, -3][r % 7]);
        return `{"x": ${v}}`;
      });
      const names = ["a", "b", "c", "d", "e"].slice(0, 1 + rand(5));
      const parsed = await jsonl(...lines);
      const rows = lines.map((l, i) => ({ value: parsePyJson(l) as PyDict, where: `f.jsonl:${i + 1}` }));
      let scan: string;
      try {
        const { converted } = applyClassLabel(inferFeatures(rows), rows, "x", names);
        scan = JSON.stringify(rows.map((r) => toJsonText(converted.get(r) ?? r.value)));
      } catch (e) {
        scan = (e as Error).message.replace(/"(.*?)" is not one/, (_m, v: string) => `"${v.trim()}" is not one`);
      }
      let viaColumns: string;
      try {
        viaColumns = JSON.stringify(prepareRows(parsed, { x: names }).rows.map((t) => toJsonText(parsePyJson(t))));
      } catch (e) {
        viaColumns = (e as Error).message;
      }
      expect(viaColumns, lines.join(" ")).toBe(scan);
    }
  });

  it("checks integers arriving in a column the dataset calls a ClassLabel", async () => {
    const parsed = await jsonl('{"label": 1}', '{"label": 4}');
    const merged = { label: { _type: "ClassLabel" as const, names: ["a", "b"] } };
    expect(() => checkExistingClassLabels(merged, parsed.features, parsed)).toThrow('f.jsonl:2: label is 4, not an index of the 2 class names of "label"');
    expect(() => checkExistingClassLabels({ label: { _type: "ClassLabel", names: ["a", "b", "c", "d", "e"] } }, parsed.features, parsed)).not.toThrow();
  });

  it("reads names one per line, so that a name may hold a comma", () => {
    expect(namesFromText("not sure, maybe\r\n\n  yes \nno\n")).toEqual(["not sure, maybe", "yes", "no"]);
  });
});
