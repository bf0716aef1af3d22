import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseJsonlLine } from "../render/py-json";
import { PyDict } from "../render/values";
import { diversityReport, normalizeRender, renderSamples, type DiversityTemplate } from "./diversity";
import { loadMixTemplates } from "./load-templates";

const t = (id: string, dataset = "d", originalTask: boolean | null = true): DiversityTemplate => ({ dataset, subset: null, id, name: `n-${id}`, originalTask });

describe("diversity report", () => {
  it("counts templates per dataset against the target and the share of reformulations", () => {
    const templates = [t("a"), t("b", "d", false), t("c", "e"), ...Array.from({ length: 10 }, (_, i) => t(`f${i}`, "f", i < 2 ? false : true))];
    const r = diversityReport(templates, new Map(), { target: 10 });
    expect(r.datasets.map((d) => [d.key, d.templates, d.reformulations, d.belowTarget, d.missing])).toEqual([
      ["d", 2, 1, true, 8],
      ["e", 1, 0, true, 9],
      ["f", 10, 2, false, 0],
    ]);
    expect(r.totals).toEqual({ datasets: 3, templates: 13, reformulationShare: 3 / 13, belowTarget: 2, nearDuplicatePairs: 0 });
  });

  it.each<[string, (string | null)[], (string | null)[], boolean]>([
    ["same on every row", ["x 1", "x 2", "x 3"], ["x 1", "x 2", "x 3"], true],
    ["same up to whitespace", ["x  1\n", "x 2", "x 3"], ["x 1", " x 2", "x\t3"], true],
    ["same on 4 of 5 rows (80%)", ["1", "2", "3", "4", "5"], ["1", "2", "3", "4", "other"], true],
    ["same on 3 of 5 rows", ["1", "2", "3", "4", "5"], ["1", "2", "3", "x", "y"], false],
    ["failed renders are not compared", ["1", null, null], ["1", "2", "3"], false],
    ["different prompts", ["Is it good? a", "Is it good? b"], ["Rate: a", "Rate: b"], false],
  ])("near-duplicates: %s", (_n, a, b, dup) => {
    const r = diversityReport([t("a"), t("b")], new Map([["a", a], ["b", b]]));
    expect(r.datasets[0].nearDuplicates.length).toBe(dup ? 1 : 0);
  });

  it("reports datasets without any template as the furthest below target", () => {
    const r = diversityReport([t("a")], new Map(), { target: 3, datasets: [{ dataset: "bare", subset: "x" }, { dataset: "d", subset: null }] });
    expect(r.datasets.map((d) => [d.key, d.subset, d.templates, d.missing])).toEqual([
      ["bare/x", "x", 0, 3],
      ["d", null, 1, 2],
    ]);
    expect(r.totals).toMatchObject({ datasets: 2, templates: 1, belowTarget: 2 });
  });

  it("normalizes whitespace only", () => {
    expect(normalizeRender("  A\n\nb \t c ")).toBe("A b c");
  });

  it("finds the near-duplicates of a real PromptSource file on the parity rows", async () => {
    const repo = path.resolve(__dirname, "../..");
    const shared = [path.resolve(repo, "../shared"), path.resolve(repo, "../../shared")].find((p) => existsSync(path.join(p, "parity")))!;
    const templates = await loadMixTemplates(path.join(shared, "promptsource/templates/super_glue/rte/templates.yaml"));
    const rows = readFileSync(path.join(shared, "parity/rows/super_glue__rte.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l, i) => parseJsonlLine(l, i + 1) as PyDict);
    const renders = renderSamples(templates, () => rows, 1000);
    const a = templates[0];
    // a copy of a template under another id renders the same text: a near-duplicate
    const copy = { ...a, id: "copy", name: "copy" };
    const withCopy = renderSamples([...templates, copy], () => rows, 1000);
    const r0 = diversityReport(templates, renders);
    const r1 = diversityReport([...templates, copy], withCopy);
    expect(r0.datasets[0].templates).toBe(10);
    expect(r1.totals.nearDuplicatePairs).toBe(r0.totals.nearDuplicatePairs + 1);
    expect(r1.datasets[0].nearDuplicates.some((d) => d.b.id === "copy" && d.a.id === a.id)).toBe(true);
  });
});
