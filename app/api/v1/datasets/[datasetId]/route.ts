import { getDataset } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { withApi } from "@/lib/http/with-api";

export const dynamic = "force-dynamic";

/** One dataset with its Hugging Face features and its splits. */
export const GET = withApi({ action: "dataset.read", auth: "public" }, async ({ params }) => {
  const dataset = await getDataset(String(params.datasetId));
  if (!dataset) throw notFound("Dataset");
  return dataset;
});
