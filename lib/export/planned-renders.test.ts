import { describe, expect, it } from "vitest";
import { exportFiles } from "./engine";
import { exportRunsInBackground, plannedRenders } from "./planned-renders";
import { PyDict } from "../render/values";
import type { ExportSource, ExportTemplate } from "./types";

const template = (id: string, dataset: string, subset: string | null): ExportTemplate => ({
  id,
  name: `t-${id}`,
  jinja: "{{ text }} ||| {{ label }}",
  answerChoices: null,
  reference: "",
  metadata: { originalTask: true, choicesInPrompt: false, metrics: ["Accuracy"], languages: ["en"], extra: {} },
  extra: {},
  dataset,
  subset,
});

describe("plannedRenders", () => {
  const templates = [template("a", "ag_news", null), template("b", "ag_news", null), template("c", "glue", "rte"), template("d", "glue", "mrpc")];
  const rows: Record<string, number> = { ag_news: 5, "glue/rte": 3 };
  const count = (dataset: string, subset: string | null) => rows[subset ? `${dataset}/${subset}` : dataset] ?? 0;

  it("sums each template's config rows for the data formats", () => {
    for (const format of ["p3", "xp3", "flan", "alpaca", "chat"] as const) expect(plannedRenders(format, templates, count)).toBe(5 + 5 + 3 + 0);
  });

  it("has no total for YAML (no render) or SNI (stops at its instance cap)", () => {
    expect(plannedRenders("promptsource", templates, count)).toBeNull();
    expect(plannedRenders("sni", templates, count)).toBeNull();
  });

  it("asks for each config's rows once", () => {
    const asked: string[] = [];
    plannedRenders("p3", templates, (d, s) => (asked.push(`${d}/${s}`), 1));
    expect(asked).toEqual(["ag_news/null", "glue/rte", "glue/mrpc"]);
  });

  it("equals the renders the engine reports at the end of an export", async () => {
    const splits: Record<string, Record<string, number>> = { ag_news: { train: 3, test: 2 }, "glue/rte": { validation: 3 } };
    const key = (d: string, s: string | null) => (s ? `${d}/${s}` : d);
    const source: ExportSource = {
      templates,
      splits: async (d, s) => Object.keys(splits[key(d, s)] ?? {}),
      async *rows(d, s, split) {
        for (let i = 0; i < (splits[key(d, s)]?.[split] ?? 0); i++) yield PyDict.fromEntries([["text", `row ${i}`], ["label", i]]);
      },
    };
    let rendered = -1;
    for await (const file of exportFiles(source, { format: "p3", onProgress: (p) => (rendered = p.records) })) for await (const _ of file.content);
    expect(rendered).toBe(plannedRenders("p3", templates, (d, s) => Object.values(splits[key(d, s)] ?? {}).reduce((a, b) => a + b, 0)));
    expect(rendered).toBe(13);
  });

  it("sends data formats of at least the threshold's renders to the background, never YAML or SNI", () => {
    expect(exportRunsInBackground("p3", 250_000, 250_000)).toBe(true);
    expect(exportRunsInBackground("chat", 249_999, 250_000)).toBe(false);
    expect(exportRunsInBackground("promptsource", 10 ** 9, 1)).toBe(false);
    expect(exportRunsInBackground("sni", 10 ** 9, 1)).toBe(false);
  });
});
