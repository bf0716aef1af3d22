import { listReleases } from "@/lib/db";
import { withApi } from "@/lib/http/with-api";

export const dynamic = "force-dynamic";

/** Published releases, newest first. */
export const GET = withApi({ action: "pool.read", auth: "public" }, async () => ({ items: await listReleases() }));
