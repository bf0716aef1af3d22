import { version } from "@/package.json";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { withApi } from "@/lib/http/with-api";

/** The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the handlers validate with. */
export const GET = withApi({ action: "pool.read", auth: "public" }, async () =>
  Response.json(buildOpenApiDocument({ version }), { headers: { "cache-control": "public, max-age=300" } }),
);
