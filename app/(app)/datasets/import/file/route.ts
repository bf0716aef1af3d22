import { z } from "zod";
import { checkClassLabelValues, mergeFeatures, normalizeFeatures } from "@/lib/datasets/features";
import { parseFile } from "@/lib/datasets/parse-file";
import { prepareRows } from "@/lib/datasets/prepare-import";
import { importSampleRows } from "@/lib/db";
import { withApi } from "@/lib/http/with-api";
import { importLimits, loadTargetDataset, targetSchema } from "../import-target";

/**
 * POST /datasets/import/file: one uploaded file into one split. The browser already showed a
 * preview; the server parses the file again with the same code and limits, applies the ClassLabel
 * columns the user chose, and stores everything in one transaction.
 */
const inputSchema = targetSchema.extend({
  split: z.string().min(1).max(100),
  replace: z.boolean().default(false),
  fileName: z.string().min(1).max(300),
  /** the file's bytes, base64 */
  content: z.string().max(1_400_000_000),
  classLabels: z.record(z.string().max(200), z.array(z.string().max(200)).max(1000)).default({}),
});

export const POST = withApi({ action: "dataset.create", input: inputSchema }, async ({ user, input }) => {
  const existing = input.datasetId ? await loadTargetDataset(user!, input.datasetId) : null;
  const parsed = await parseFile({ fileName: input.fileName, bytes: Buffer.from(input.content, "base64"), limits: importLimits() });
  const prepared = prepareRows(parsed, input.classLabels);
  if (existing) {
    // Integers arriving in a column the dataset already calls a ClassLabel must fit its names.
    const merged = mergeFeatures(normalizeFeatures(existing.features), prepared.features, input.fileName);
    checkClassLabelValues(merged, prepared.values.map((value, i) => ({ value, where: parsed.rows[i].where })));
  }
  const result = await importSampleRows({
    datasetId: existing?.id ?? null,
    create: existing ? null : { name: input.create?.name ?? "", subset: input.create?.subset ?? null, description: input.create?.description ?? "" },
    splits: [{ split: input.split, rows: prepared.rows, replace: input.replace }],
    features: prepared.features,
    source: "upload",
    actorId: user!.id,
  });
  return result;
});
