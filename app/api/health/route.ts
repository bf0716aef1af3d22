import { version } from "@/package.json";
import { checkDatabase } from "@/lib/db";
import { getEnv, databaseProvider } from "@/lib/env";
import { describeError, logger } from "@/lib/log";
import { withApi } from "@/lib/http/with-api";

export const dynamic = "force-dynamic";

/** Liveness and database status for load balancers and people: 200 when the database answers, 503 when not. */
export const GET = withApi({ action: "health.read", rateLimit: false }, async ({ requestId }) => {
  let database: { ok: boolean; provider: string };
  try {
    const check = await checkDatabase();
    if (!check.ok) logger.warn("health: database not ok", { requestId, detail: check.message });
    database = { ok: check.ok, provider: check.provider };
  } catch (err) {
    logger.warn("health: database check failed", { requestId, ...describeError(err, false) });
    database = { ok: false, provider: databaseProvider(getEnv().DATABASE_URL) };
  }
  const body = { status: database.ok ? "ok" : "unavailable", database, version };
  return Response.json(body, { status: database.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
});
