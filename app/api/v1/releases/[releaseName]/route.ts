import { withDownloads } from "@/lib/api/release-downloads";
import { getRelease } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { withApi } from "@/lib/http/with-api";

export const dynamic = "force-dynamic";

/** One release with the template versions it froze and its download links. */
export const GET = withApi({ action: "pool.read", auth: "public" }, async ({ params }) => {
  const release = await getRelease(String(params.releaseName));
  if (!release) throw notFound("Release");
  return withDownloads(release);
});
