import "server-only";
import { z } from "zod";
import { authorize, type SessionUser } from "@/lib/auth/session";
import { getDataset, type DatasetDetail } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { getEnv } from "@/lib/env";

/** Where imported rows go: an existing dataset (its id) or a new one (name, subset, description). */
export const targetSchema = z.object({
  datasetId: z.string().min(1).max(100).nullable().optional(),
  create: z
    .object({ name: z.string().max(200), subset: z.string().max(200).nullable().optional(), description: z.string().max(20_000).default("") })
    .nullable()
    .optional(),
});

/** Loads the existing dataset and checks the user may add rows to it (admin, or its creator). */
export async function loadTargetDataset(user: SessionUser, datasetId: string): Promise<DatasetDetail> {
  const dataset = await getDataset(datasetId);
  if (!dataset) throw notFound("Dataset");
  authorize(user, "dataset.import", { kind: "dataset", createdById: dataset.createdById });
  return dataset;
}

export function importLimits() {
  const env = getEnv();
  return { maxBytes: env.PROMPTPOOL_SAMPLE_ROWS_MAX_BYTES, maxRows: env.PROMPTPOOL_SAMPLE_ROWS_MAX_ROWS };
}

/** A Hub client with the configured base URL; the user's token wins over the instance's. */
export function hubClientOptions(token: string | null | undefined) {
  const env = getEnv();
  return { baseUrl: env.PROMPTPOOL_HUB_URL, token: token || env.PROMPTPOOL_HUB_TOKEN || null };
}
