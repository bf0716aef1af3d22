/**
 * Fetches up to N rows per split of one Hub dataset config: features from /info (ClassLabel
 * names included; /rows' own features when /info has none), rows from /rows, page by page, with
 * progress. Nothing is written here: the caller stores the result in one transaction, so an
 * interrupted fetch leaves the dataset as it was.
 */
import { validationError } from "@/lib/errors";
import { addColumnValues, type ColumnValues } from "./column-values";
import { FeatureInference, type Features } from "./features";
import { HUB_PAGE_SIZE, type HubClient, type HubInfo } from "./hub-client";
import { toJsonText } from "./json-text";

export type HubProgress =
  | { phase: "info"; dataset: string; config: string }
  | { phase: "rows"; split: string; fetched: number; target: number }
  | { phase: "retry"; path: string; attempt: number; waitMs: number; reason: string };

export interface HubFetchResult {
  info: HubInfo;
  features: Features;
  /** each row's JSON text as stored, and where it came from */
  splits: { split: string; rows: { dataJson: string; where: string }[]; total: number | null }[];
  /** top-level columns' values over all splits' rows (for ClassLabel checks), and where row i came from */
  columns: Map<string, ColumnValues>;
  where(i: number): string;
}

export async function fetchHubRows(
  client: HubClient,
  plan: { dataset: string; config: string; splits?: string[]; maxRowsPerSplit: number },
  onProgress: (p: HubProgress) => void = () => {},
): Promise<HubFetchResult> {
  onProgress({ phase: "info", dataset: plan.dataset, config: plan.config });
  const listed = (await client.splits(plan.dataset)).filter((s) => s.config === plan.config).map((s) => s.split);
  if (listed.length === 0) throw validationError(`The Hub dataset ${plan.dataset} has no config "${plan.config}"`);
  const wanted = plan.splits?.length ? plan.splits : listed;
  for (const s of wanted) if (!listed.includes(s)) throw validationError(`The Hub dataset ${plan.dataset} (${plan.config}) has no split "${s}"`);
  const info = await client.info(plan.dataset, plan.config);

  let rowFeatures: Features = {};
  // Inferred as the rows arrive (the values are not kept), for columns the Hub does not describe.
  const inference = new FeatureInference();
  const columns = new Map<string, ColumnValues>();
  const places: string[] = [];
  const splits: HubFetchResult["splits"] = [];
  for (const split of wanted) {
    const known = info.splits.find((s) => s.name === split)?.numExamples ?? null;
    let target = known === null ? plan.maxRowsPerSplit : Math.min(known, plan.maxRowsPerSplit);
    const rows: HubFetchResult["splits"][number]["rows"] = [];
    let total: number | null = known;
    onProgress({ phase: "rows", split, fetched: 0, target });
    while (rows.length < target) {
      const page = await client.rows(plan.dataset, plan.config, split, rows.length, Math.min(HUB_PAGE_SIZE, target - rows.length));
      if (Object.keys(rowFeatures).length === 0) rowFeatures = page.features;
      if (page.total !== null) {
        total = page.total;
        target = Math.min(target, page.total);
      }
      if (page.rows.length === 0) break;
      for (const r of page.rows) {
        if (rows.length >= target) break;
        const where = `${plan.dataset} ${split} row ${r.rowIdx}`;
        if (r.truncated) throw validationError(`${where}: the Hub cut some cells short; these rows cannot be imported whole`);
        inference.add(r.row, () => where);
        addColumnValues(columns, r.row, places.length);
        places.push(where);
        rows.push({ dataJson: toJsonText(r.row), where });
      }
      onProgress({ phase: "rows", split, fetched: rows.length, target });
    }
    splits.push({ split, rows, total });
  }
  const declared = Object.keys(info.features).length ? info.features : rowFeatures;
  // The Hub's own types win (ClassLabel names); columns it does not describe are inferred.
  const features: Features = { ...declared };
  for (const [k, f] of Object.entries(inference.features)) if (!(k in features)) features[k] = f;
  return { info, features, splits, columns, where: (i) => places[i] ?? `row ${i}` };
}
