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
