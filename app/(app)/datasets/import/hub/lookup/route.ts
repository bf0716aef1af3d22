import { z } from "zod";
import { HubClient } from "@/lib/datasets/hub-client";
import { withApi } from "@/lib/http/with-api";
import { hubClientOptions, importLimits } from "../../import-target";

/** POST /datasets/import/hub/lookup: a Hub dataset's configs, splits with sizes and features (/splits, /info). */
const inputSchema = z.object({
  dataset: z.string().trim().min(1).max(200),
  token: z.string().max(500).nullable().optional(),
});

const MAX_CONFIGS = 30;

export const POST = withApi({ action: "dataset.create", input: inputSchema }, async ({ req, input }) => {
  const client = new HubClient({ ...hubClientOptions(input.token), signal: req.signal, retries: 3 });
  const splits = await client.splits(input.dataset);
  const configNames = [...new Set(splits.map((s) => s.config))];
  const configs = [];
  for (const config of configNames.slice(0, MAX_CONFIGS)) {
    const info = await client.info(input.dataset, config);
    configs.push({
      config,
      features: info.features,
      splits: splits
        .filter((s) => s.config === config)
        .map((s) => ({ name: s.split, numExamples: info.splits.find((x) => x.name === s.split)?.numExamples ?? null })),
    });
  }
  return { dataset: input.dataset, configs, moreConfigs: Math.max(0, configNames.length - MAX_CONFIGS), maxRows: importLimits().maxRows };
});
