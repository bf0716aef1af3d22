import { withDownloads } from "@/lib/api/release-downloads";
import { listReleases } from "@/lib/db";
import { withApi } from "@/lib/http/with-api";

export const dynamic = "force-dynamic";

/** Published releases, newest first, each with its download links. */
export const GET = withApi({ action: "pool.read", auth: "public" }, async () => ({ items: (await listReleases()).map(withDownloads) }));
