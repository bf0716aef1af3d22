import { z } from "zod";
import { HubClient } from "@/lib/datasets/hub-client";
import { toJsonText } from "@/lib/datasets/json-text";
import { isAppError } from "@/lib/errors";
import { withApi } from "@/lib/http/with-api";
import { hubClientOptions, importLimits } from "../../import-target";

/**
 * POST /datasets/import/hub/lookup: a Hub dataset's configs, splits with sizes and features
 * (/splits, /info), and a preview of the first rows of each config's first split (/first-rows,
 * whose features also stand in when /info has none), before anything is fetched or stored.
 */
const inputSchema = z.object({
  dataset: z.string().trim().min(1).max(200),
  token: z.string().max(500).nullable().optional(),
});

const MAX_CONFIGS = 30;
/** Configs previewed with /first-rows (one request each); the others show features and splits only. */
const PREVIEW_CONFIGS = 5;
const PREVIEW_ROWS = 3;

export const POST = withApi({ action: "dataset.create", input: inputSchema }, async ({ req, input }) => {
  const client = new HubClient({ ...hubClientOptions(input.token), signal: req.signal, retries: 3 });
  const splits = await client.splits(input.dataset);
  const configNames = [...new Set(splits.map((s) => s.config))];
  const configs = [];
  for (const [i, config] of configNames.slice(0, MAX_CONFIGS).entries()) {
    const info = await client.info(input.dataset, config);
    const firstSplit = splits.find((s) => s.config === config)?.split;
    let preview: { split: string; rows: string[] } | null = null;
    let features = info.features;
    if (firstSplit && (i < PREVIEW_CONFIGS || Object.keys(features).length === 0)) {
      try {
        const first = await client.firstRows(input.dataset, config, firstSplit);
        preview = { split: firstSplit, rows: first.rows.slice(0, PREVIEW_ROWS).map((r) => toJsonText(r.row)) };
        if (Object.keys(features).length === 0) features = first.features;
      } catch (e) {
        // A preview is a courtesy: the lookup stands without it (the fetch reports its own errors).
        if (!isAppError(e)) throw e;
      }
    }
    configs.push({
      config,
      features,
      preview,
      splits: splits
        .filter((s) => s.config === config)
        .map((s) => ({ name: s.split, numExamples: info.splits.find((x) => x.name === s.split)?.numExamples ?? null })),
    });
  }
  return { dataset: input.dataset, configs, moreConfigs: Math.max(0, configNames.length - MAX_CONFIGS), maxRows: importLimits().maxRows };
});
