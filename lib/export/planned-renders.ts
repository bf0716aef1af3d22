/**
 * How many renders an export will make, known before it starts (a job's "N of M"): every template
 * of a data format is applied to every row of its config's splits, so the total is the sum over
 * templates of their config's row count. YAML makes no render; SNI stops rendering a task at its
 * instance cap, which is not known before rendering: both give null (no total to show).
 */
import type { ExportFormat, ExportTemplate } from "./types";

export function plannedRenders(format: ExportFormat, templates: readonly Pick<ExportTemplate, "dataset" | "subset">[], rowsOfConfig: (dataset: string, subset: string | null) => number): number | null {
  if (format === "promptsource" || format === "sni") return null;
  const perConfig = new Map<string, number>();
  let total = 0;
  for (const t of templates) {
    const config = `${t.dataset}\u0000${t.subset ?? ""}`;
    let rows = perConfig.get(config);
    if (rows === undefined) perConfig.set(config, (rows = rowsOfConfig(t.dataset, t.subset)));
    total += rows;
  }
  return total;
}

/**
 * Whether an export asked for on the export pages runs as a background job rather than a browser
 * download: a data format with at least `threshold` renders (the download would hold the whole zip
 * in the browser's memory). YAML and SNI stay downloads: they are small, or stop at a cap.
 */
export function exportRunsInBackground(format: ExportFormat, plannedRenders: number, threshold: number): boolean {
  return format !== "promptsource" && format !== "sni" && plannedRenders >= threshold;
}
