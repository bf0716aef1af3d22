import { describe, expect, it } from "vitest";
import { parsePyJson } from "@/lib/render/py-json";
import type { PyDict } from "@/lib/render/values";
import { applyClassLabel, checkClassLabelValues, distinctStrings, inferFeatures, mergeFeatures, normalizeFeatures, type Features } from "./features";
import { toJsonText } from "./json-text";

const rowsOf = (...json: string[]) => json.map((j, i) => ({ value: parsePyJson(j) as PyDict, where: `f:${i + 1}` }));
const S = { _type: "Value", dtype: "string" } as const;
const I = { _type: "Value", dtype: "int64" } as const;
const F = { _type: "Value", dtype: "float64" } as const;

describe("applyClassLabel", () => {
  it("keeps an integer column's values and sets the names", () => {
    const rows = rowsOf('{"label": 0}', '{"label": -1}', '{"label": 1}');
    const { features, converted } = applyClassLabel(inferFeatures(rows), rows, "label", [" neg", "pos "]);
    expect(features.label).toEqual({ _type: "ClassLabel", names: ["neg", "pos"] });
    expect(converted.size).toBe(0);
  });

  it("converts a string column to indexes of the names", () => {
    const rows = rowsOf('{"label": "pos", "x": 3.0}', '{"label": "neg", "x": 1.0}', '{"label": null, "x": 2.5}');
    const names = distinctStrings(rows, "label");
    expect(names).toEqual(["neg", "pos"]);
    const { features, converted } = applyClassLabel(inferFeatures(rows), rows, "label", names);
    expect(features.label).toEqual({ _type: "ClassLabel", names: ["neg", "pos"] });
    expect(rows.map((r) => toJsonText(converted.get(r) ?? r.value))).toEqual(['{"label":1,"x":3.0}', '{"label":0,"x":1.0}', '{"label":null,"x":2.5}']);
    expect(toJsonText(rows[0].value)).toBe('{"label":"pos","x":3.0}');
  });

  it.each([
    [['{"label": 2}'], "label", ["a", "b"], /^f:1: label is 2, not an index of the 2 class names \(0–1, or -1 for no label\)$/],
    [['{"label": "maybe"}'], "label", ["yes", "no"], /^f:1: label "maybe" is not one of the class names$/],
    [['{"label": 1.5}'], "label", ["a", "b"], /^Column "label" is float64; only integer or string columns/],
    [['{"label": 1}'], "nope", ["a"], /^There is no column "nope"$/],
    [['{"label": 1}'], "label", [], /give at least one class name/],
    [['{"label": 1}'], "label", ["a", " a"], /class name "a" appears twice/],
    [['{"label": 1}'], "label", ["a", ""], /a class name is empty/],
  ])("refuses %j (%s → %j)", (json, column, names, message) => {
    const rows = rowsOf(...json);
    expect(() => applyClassLabel(inferFeatures(rows), rows, column, names)).toThrow(message);
  });
});

describe("mergeFeatures", () => {
  const label: Features = { label: { _type: "ClassLabel", names: ["a", "b"] }, text: S };
  it.each([
    ["new columns are appended", label, { extra: F }, { ...label, extra: F }],
    ["a ClassLabel stays when integers arrive", label, { label: I, text: S }, label],
    ["int and float make float", { n: I }, { n: F }, { n: F }],
  ])("%s", (_name, existing, incoming, expected) => {
    expect(mergeFeatures(existing as Features, incoming as Features)).toEqual(expected);
  });

  it("refuses a ClassLabel with other names", () => {
    expect(() => mergeFeatures(label, { label: { _type: "ClassLabel", names: ["b", "a"] } })).toThrow('Column "label" is ClassLabel [a, b] in the dataset but ClassLabel [b, a] in this file');
  });

  it("names the column whose type does not fit", () => {
    expect(() => mergeFeatures(label, { label: S }, "b.csv")).toThrow('Column "label" is ClassLabel in the dataset but string in b.csv');
  });
});

describe("checkClassLabelValues", () => {
  it("finds the row whose label is out of range", () => {
    const rows = rowsOf('{"label": 1}', '{"label": 7}');
    expect(() => checkClassLabelValues({ label: { _type: "ClassLabel", names: ["a", "b"] } }, rows)).toThrow(/^f:2: label is 7/);
  });
});

describe("normalizeFeatures", () => {
  it("reads the Hub's shapes, old list form and Sequence of dicts included", () => {
    expect(
      normalizeFeatures({
        text: { dtype: "string", _type: "Value" },
        tags: [{ dtype: "string", _type: "Value" }],
        answers: { feature: { text: { dtype: "string", _type: "Value" } }, _type: "Sequence" },
      }),
    ).toEqual({
      text: S,
      tags: { _type: "List", feature: S },
      answers: { _type: "Sequence", feature: { text: S } },
    });
  });
});
