import { listDatasets } from "@/lib/db";
import { withApi } from "@/lib/http/with-api";

export const dynamic = "force-dynamic";

/** Every dataset with its counts. */
export const GET = withApi({ action: "dataset.read", auth: "public" }, async () => ({ items: await listDatasets() }));
