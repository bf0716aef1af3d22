/**
 * Task categories. The default taxonomy is T0's task clusters (t0-clusters.json, written from
 * memory of the T0 paper's Figure 2, see its "about"); Super-NaturalInstructions categories
 * (sni-categories.json, a partial list) are an optional second taxonomy that templates or
 * datasets may carry as their category instead.
 */
import t0 from "./t0-clusters.json";
import sni from "./sni-categories.json";

export type T0Role = "train" | "held_out" | "t0+ train" | "t0++ train";

export interface TaskCluster {
  id: string;
  name: string;
  /** One of the four families T0 held out of training for evaluation. */
  t0HeldOut: boolean;
}

export const T0_CLUSTERS: readonly TaskCluster[] = t0.clusters;
export const OTHER_CATEGORY = "other";
export const T0_HELD_OUT_CATEGORIES: readonly string[] = T0_CLUSTERS.filter((c) => c.t0HeldOut).map((c) => c.id);
export const SNI_CATEGORIES: readonly string[] = sni.categories;

const datasets = t0.datasets as Record<string, { cluster: string; t0: T0Role | null }>;

/** The PromptSource config key: `dataset` or `dataset/subset`. */
export function configKey(dataset: string, subset: string | null): string {
  return subset ? `${dataset}/${subset}` : dataset;
}

/** T0 cluster of a PromptSource dataset config: the subset's entry, else the dataset's, else "other". */
export function t0ClusterOf(dataset: string, subset: string | null): string {
  return (subset ? datasets[`${dataset}/${subset}`] : undefined)?.cluster ?? datasets[dataset]?.cluster ?? OTHER_CATEGORY;
}

/** How T0 used this config (train, held out, T0+/T0++ additions), or null when not in T0's lists. */
export function t0RoleOf(dataset: string, subset: string | null): T0Role | null {
  return datasets[configKey(dataset, subset)]?.t0 ?? null;
}

export function isKnownCategory(id: string): boolean {
  return T0_CLUSTERS.some((c) => c.id === id) || SNI_CATEGORIES.includes(id);
}

/** The taxonomies a mixture can group by: T0's clusters (default) or Super-NaturalInstructions categories. */
export const TAXONOMIES = ["t0", "sni"] as const;
export type Taxonomy = (typeof TAXONOMIES)[number];

const fold = (s: string) => s.trim().toLowerCase().replace(/[\s_-]+/g, " ");

/**
 * A dataset's task category as people type it (the app's Dataset.taskCategory, e.g. "Natural
 * Language Inference", or a cluster id such as natural_language_inference) → T0 cluster id, or
 * null when it names none. Case, spaces, dashes and underscores do not matter.
 */
export function t0ClusterFromLabel(label: string | null | undefined): string | null {
  if (!label) return null;
  const f = fold(label);
  return T0_CLUSTERS.find((c) => fold(c.id) === f || fold(c.name) === f)?.id ?? null;
}

/** The SNI category a label names (exact spelling of sni-categories.json, case-insensitive), or null. */
export function sniCategoryFromLabel(label: string | null | undefined): string | null {
  if (!label) return null;
  const f = fold(label);
  return SNI_CATEGORIES.find((c) => fold(c) === f) ?? null;
}

/**
 * PromptPool's own assignment (not from either paper) of the SNI category closest to each T0
 * cluster, used when a dataset names no SNI category itself. Bias and fairness and "other" have
 * none and stay "other".
 */
export const T0_TO_SNI: Readonly<Record<string, string>> = {
  multiple_choice_qa: "Question Answering",
  extractive_qa: "Question Answering",
  closed_book_qa: "Question Answering",
  structure_to_text: "Data to Text",
  sentiment: "Sentiment Analysis",
  summarization: "Summarization",
  topic_classification: "Text Categorization",
  paraphrase_identification: "Text Matching",
  sentence_completion: "Text Completion",
  natural_language_inference: "Textual Entailment",
  coreference: "Coreference Resolution",
  word_sense_disambiguation: "Word Semantics",
};

/**
 * The category of a dataset config in a taxonomy. T0: the dataset's own task category when it names a
 * T0 cluster, else the taxonomy file's entry, else "other". SNI: the dataset's task category when it
 * names an SNI category, else the SNI category of its T0 cluster (T0_TO_SNI), else "other".
 */
export function categoryOf(taxonomy: Taxonomy, dataset: string, subset: string | null, taskCategory: string | null = null): string {
  const t0 = t0ClusterFromLabel(taskCategory) ?? t0ClusterOf(dataset, subset);
  if (taxonomy === "t0") return t0;
  return sniCategoryFromLabel(taskCategory) ?? T0_TO_SNI[t0] ?? OTHER_CATEGORY;
}

/** A category's display name: a T0 cluster's name, an SNI category as it is, "Other". */
export function categoryName(id: string): string {
  return T0_CLUSTERS.find((c) => c.id === id)?.name ?? id;
}

/**
 * A dataset config's task categories as a Super-NaturalInstructions task file lists them: its SNI
 * category (categoryOf "sni"), with "other" written as SNI's own catch-all, "Misc.".
 */
export function sniCategoriesOf(dataset: string, subset: string | null, taskCategory: string | null = null): string[] {
  const c = categoryOf("sni", dataset, subset, taskCategory);
  return [c === OTHER_CATEGORY ? "Misc." : c];
}
