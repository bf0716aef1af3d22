import { describe, expect, it } from "vitest";
import { activeTotal, datasetOverviewRows, groupRowsByCategory, overviewCharts, type TemplateBreakdown } from "./overview";

const breakdown: TemplateBreakdown = {
  byStatus: [
    { value: "archived", count: 2 },
    { value: "approved", count: 5 },
    { value: "draft", count: 3 },
  ],
  byOriginalTask: [
    { value: null, count: 1 },
    { value: false, count: 3 },
    { value: true, count: 4 },
  ],
  byChoicesInPrompt: [{ value: true, count: 8 }],
  byLanguage: [
    { value: "fr", count: 2 },
    { value: "en", count: 7 },
    { value: null, count: 1 },
  ],
  byMetric: [
    { value: "BLEU", count: 2 },
    { value: "Accuracy", count: 6 },
  ],
  byTaskCategory: [
    { value: null, count: 3 },
    { value: "NLI", count: 5 },
  ],
  byDataset: [
    { datasetId: "d1", name: "rte", subset: null, taskCategory: "NLI", byStatus: [{ value: "draft", count: 1 }] },
    { datasetId: "d2", name: "super_glue", subset: "cb", taskCategory: "NLI", byStatus: [{ value: "approved", count: 5 }, { value: "archived", count: 2 }] },
    { datasetId: "d3", name: "imdb", subset: null, taskCategory: null, byStatus: [{ value: "draft", count: 9 }] },
  ],
};

describe("helicopter view shaping", () => {
  it("labels, orders and links every bar to the list behind it", () => {
    const charts = Object.fromEntries(overviewCharts(breakdown, null).map((c) => [c.id, c.bars]));
    expect(charts.status).toEqual([
      { label: "Draft", count: 3, href: "/search?state=draft" },
      { label: "Approved", count: 5, href: "/search?state=approved" },
      { label: "Archived", count: 2, href: "/search?state=archived" },
    ]);
    expect(charts["original-task"]?.map((b) => [b.label, b.href])).toEqual([
      ["Yes", "/search?original=yes"],
      ["No", "/search?original=no"],
      ["Not set", "/search?original=unset"],
    ]);
    expect(charts.language).toEqual([
      { label: "English (en)", count: 7, href: "/search?language=en" },
      { label: "French (fr)", count: 2, href: "/search?language=fr" },
      { label: "None declared", count: 1, href: "/search?language=none" },
    ]);
    expect(charts.metric?.map((b) => b.href)).toEqual(["/search?metric=Accuracy", "/search?metric=BLEU"]);
    expect(charts["task-category"]?.map((b) => [b.label, b.href])).toEqual([
      ["NLI", "/search?category=NLI"],
      ["Uncategorised", "/search?category=uncategorised"],
    ]);
  });

  it("keeps the dataset in every link of a dataset's view", () => {
    const [status] = overviewCharts(breakdown, "d2");
    expect(status?.bars[0]?.href).toBe("/search?dataset=d2&state=draft");
  });

  it("totals leave archived templates out, like the lists they link to", () => {
    expect(activeTotal(breakdown)).toBe(8);
    const rows = datasetOverviewRows(breakdown);
    expect(rows.map((r) => [r.label, r.total, r.totalHref])).toEqual([
      ["imdb", 9, "/search?dataset=d3"],
      ["super_glue / cb", 5, "/search?dataset=d2"],
      ["rte", 1, "/search?dataset=d1"],
    ]);
    expect(rows[1]?.byStatus.find((s) => s.status === "archived")).toEqual({ status: "archived", count: 2, href: "/search?dataset=d2&state=archived" });
  });

  it("groups the datasets by task category, uncategorised last, each group linked to its templates", () => {
    const groups = groupRowsByCategory(datasetOverviewRows(breakdown));
    expect(groups.map((g) => [g.label, g.total, g.href, g.rows.map((r) => r.label)])).toEqual([
      ["NLI", 6, "/search?category=NLI", ["super_glue / cb", "rte"]],
      ["Uncategorised", 9, "/search?category=uncategorised", ["imdb"]],
    ]);
  });
});
