import { describe, expect, it } from "vitest";
import { T0_TASK_CLUSTERS } from "../datasets/task-categories";
import { categoryOf, SNI_CATEGORIES, sniCategoriesOf, sniCategoryFromLabel, t0ClusterFromLabel, T0_TO_SNI } from "./taxonomy";

describe("task categories", () => {
  it("reads every task category the dataset page suggests as a T0 cluster", () => {
    expect(T0_TASK_CLUSTERS.map((c) => [c, t0ClusterFromLabel(c)]).filter(([, id]) => id === null)).toEqual([]);
    expect(t0ClusterFromLabel("Natural Language Inference")).toBe("natural_language_inference");
    expect(t0ClusterFromLabel(" natural_language_inference ")).toBe("natural_language_inference");
    expect(t0ClusterFromLabel("QA closed book")).toBeNull();
    expect(t0ClusterFromLabel(null)).toBeNull();
  });

  it.each<[string, string | null, string | null, string, string]>([
    // dataset, subset, Dataset.taskCategory, T0 category, SNI category
    ["super_glue", "rte", null, "natural_language_inference", "Textual Entailment"],
    ["imdb", null, null, "sentiment", "Sentiment Analysis"],
    ["my_corpus", null, null, "other", "other"],
    ["my_corpus", null, "Sentiment", "sentiment", "Sentiment Analysis"],
    // the dataset's own category wins over the taxonomy file
    ["imdb", null, "Topic Classification", "topic_classification", "Text Categorization"],
    // an SNI category: kept for SNI, T0 falls back to the file
    ["imdb", null, "Stance Detection", "sentiment", "Stance Detection"],
  ])("%s/%s with task category %s", (dataset, subset, taskCategory, t0, sni) => {
    expect(categoryOf("t0", dataset, subset, taskCategory)).toBe(t0);
    expect(categoryOf("sni", dataset, subset, taskCategory)).toBe(sni);
  });

  it("maps T0 clusters only to SNI categories that exist", () => {
    expect(Object.values(T0_TO_SNI).filter((c) => !SNI_CATEGORIES.includes(c))).toEqual([]);
    expect(sniCategoryFromLabel("textual entailment")).toBe("Textual Entailment");
  });

  it("lists SNI's 76 categories once each, its catch-all Misc. included", () => {
    expect(SNI_CATEGORIES).toHaveLength(76);
    expect(new Set(SNI_CATEGORIES).size).toBe(76);
    expect(SNI_CATEGORIES).toContain("Misc.");
    expect(SNI_CATEGORIES).toContain("Toxic Language Detection");
  });

  it.each([
    ["a dataset's own SNI category", "anything", null, "Question Generation", ["Question Generation"]],
    ["a dataset's T0 cluster, mapped", "anything", null, "Sentiment", ["Sentiment Analysis"]],
    ["the taxonomy file's T0 cluster, mapped", "super_glue", "rte", null, ["Textual Entailment"]],
    ["nothing known: SNI's Misc.", "my_private_set", null, null, ["Misc."]],
  ] as const)("gives an SNI task file's Categories from %s", (_what, dataset, subset, taskCategory, expected) => {
    expect(sniCategoriesOf(dataset, subset, taskCategory)).toEqual(expected);
  });
});
