import { z } from "zod";
import { HubClient } from "@/lib/datasets/hub-client";
import { mergeFeatures, normalizeFeatures } from "@/lib/datasets/features";
import { fetchHubRows } from "@/lib/datasets/hub-import";
import { checkExistingClassLabels } from "@/lib/datasets/prepare-import";
import { findDatasetByName, importSampleRows } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { withApi } from "@/lib/http/with-api";
import { describeError, logger } from "@/lib/log";
import { hubClientOptions, importLimits, loadTargetDataset } from "../import-target";

/**
 * POST /datasets/import/hub: fetches up to `maxRows` rows per chosen split of one config and
 * stores them (the fetched splits replace those splits' rows) in one transaction at the end.
 * The answer is a stream of JSON lines, so the page shows progress while the Hub is read:
 * `{"type":"progress",...}`, then `{"type":"done","datasetId",...}` or `{"type":"error","message"}`.
 * The fetch runs inside the request (no background job): closing the page aborts it, and nothing
 * is written unless every split arrived.
 */
const inputSchema = z.object({
  dataset: z.string().trim().min(1).max(200),
  config: z.string().trim().min(1).max(200),
  splits: z.array(z.string().min(1).max(100)).max(50).default([]),
  maxRows: z.number().int().min(1),
  token: z.string().max(500).nullable().optional(),
});

export const POST = withApi({ action: "dataset.create", input: inputSchema }, async ({ req, user, input, requestId }) => {
  const limits = importLimits();
  const maxRows = Math.min(input.maxRows, limits.maxRows);
  // "default" is the Hub's name for a dataset without configs: no subset here, as in PromptSource.
  const subset = input.config === "default" ? null : input.config;
  const found = await findDatasetByName(input.dataset, subset);
  // Checked before streaming so that a refusal is an ordinary 403.
  const existing = found ? await loadTargetDataset(user!, found.id) : null;

  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: object) => controller.enqueue(encoder.encode(JSON.stringify(line) + "\n"));
      try {
        const client = new HubClient({
          ...hubClientOptions(input.token),
          signal: req.signal,
          onRetry: (r) => send({ type: "progress", phase: "retry", ...r }),
        });
        const result = await fetchHubRows(client, { dataset: input.dataset, config: input.config, splits: input.splits, maxRowsPerSplit: maxRows }, (p) =>
          send({ type: "progress", ...p }),
        );
        if (existing) {
          // As for a file: the columns must fit the dataset's, and integers its ClassLabel names.
          const merged = mergeFeatures(normalizeFeatures(existing.features), result.features, `the Hub's ${input.dataset}`);
          checkExistingClassLabels(merged, result.features, result);
        }
        send({ type: "progress", phase: "saving" });
        const saved = await importSampleRows({
          datasetId: existing?.id ?? null,
          create: existing ? null : { name: input.dataset, subset, description: result.info.description.slice(0, 20_000), citation: result.info.citation.slice(0, 20_000), license: result.info.license.slice(0, 200) },
          splits: result.splits.map((s) => ({ split: s.split, rows: s.rows.map((r) => r.dataJson), replace: true })),
          features: result.features,
          source: `hub:${input.dataset}`,
          actorId: user!.id,
        });
        send({ type: "done", ...saved });
      } catch (err) {
        if (isAppError(err)) {
          send({ type: "error", message: err.message });
        } else if (req.signal.aborted) {
          // the browser went away; nothing was written
        } else {
          logger.error("hub import failed", { requestId, userId: user?.id ?? null, ...describeError(err, true) });
          send({ type: "error", message: `Something went wrong (ref ${requestId})` });
        }
      } finally {
        controller.close();
      }
    },
  });
  return new Response(stream, { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" } });
});
