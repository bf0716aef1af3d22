/**
 * The OpenAPI 3.1 document of /api/v1, generated from the endpoints' zod schemas with zod 4's
 * z.toJSONSchema (JSON Schema 2020-12, which OpenAPI 3.1 uses as is). Schemas with a `.meta({ id })`
 * become shared components; everything else is inlined.
 */
import { z } from "zod";
import { ENDPOINTS, type ApiErrorCode, type EndpointDoc } from "./endpoints";
import { errorBodySchema } from "./schemas";

type JsonSchema = Record<string, unknown>;

const ERROR_STATUS: Record<ApiErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VERSION_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  TEMPLATE_SYNTAX: 422,
  RENDER_LIMIT: 422,
  RATE_LIMITED: 429,
};

/** Converts one schema, moving its $defs into `components` and pointing refs there. */
function convert(schema: z.ZodType, io: "input" | "output", components: Record<string, JsonSchema>): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  const { $defs, $schema: _dialect, ...rest } = json;
  const rewrite = <T>(value: T): T => JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/'));
  for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) components[id] = rewrite(def);
  // A schema that is itself a shared component comes back whole with its id: reference it instead.
  const id = (schema.meta() as { id?: string } | undefined)?.id;
  if (id) {
    // zod either returns the schema whole (with its id) or a $ref to it in $defs.
    if (!("$ref" in rest)) {
      const { id: _id, ...body } = rewrite(rest);
      components[id] = body;
    }
    return { $ref: `#/components/schemas/${id}` };
  }
  return rewrite(rest);
}

function queryParameters(query: z.ZodObject, components: Record<string, JsonSchema>) {
  const json = convert(query, "input", components) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => {
    const { description, ...rest } = schema;
    return { name, in: "query", required: (json.required ?? []).includes(name), ...(description ? { description } : {}), schema: rest };
  });
}

function operation(e: EndpointDoc, components: Record<string, JsonSchema>) {
  const pathParams = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
  const parameters = [...pathParams, ...(e.query ? queryParameters(e.query, components) : [])];
  const errorStatuses = [...new Set(e.errors.map((c) => ERROR_STATUS[c]))].sort();
  const responses: Record<string, unknown> = {
    [String(e.status ?? 200)]: { description: "OK", content: { "application/json": { schema: convert(e.response, "output", components) } } },
  };
  for (const status of errorStatuses) {
    const codes = e.errors.filter((c) => ERROR_STATUS[c] === status);
    responses[String(status)] = {
      description: codes.join(", "),
      ...(status === 429 ? { headers: { "Retry-After": { description: "seconds until a request is allowed again", schema: { type: "integer" } } } } : {}),
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
  }
  return {
    operationId: `${e.method.toLowerCase()}${e.path.replace(/^\/api\/v1/, "").replace(/\{(\w+)\}/g, "By_$1").replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
    tags: [e.tag],
    summary: e.summary,
    ...(e.description ? { description: e.description } : {}),
    security: e.auth === "public" ? [{}, { bearerToken: [] }] : [{ bearerToken: [] }],
    "x-auth": e.auth,
    "x-scope": e.scope,
    ...(parameters.length ? { parameters } : {}),
    ...(e.body ? { requestBody: { required: true, content: { "application/json": { schema: convert(e.body, "input", components) } } } } : {}),
    responses,
  };
}

export function buildOpenApiDocument(options: { version: string; endpoints?: EndpointDoc[] }) {
  const components: Record<string, JsonSchema> = {};
  convert(errorBodySchema, "output", components);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of options.endpoints ?? ENDPOINTS) {
    paths[e.path] ??= {};
    paths[e.path][e.method.toLowerCase()] = operation(e, components);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "PromptPool API",
      version: options.version,
      description:
        "Datasets, the approved pool of PromptSource templates, rendering, and writes for contributors. Errors are `{ error: { code, message } }` with a stable code. Send a personal access token (account page) as `Authorization: Bearer <token>`; read tokens read, write tokens also create templates and versions. Rate limits: per client address without a token, per token with one (429 with Retry-After).",
    },
    servers: [{ url: "/" }],
    tags: [
      { name: "datasets", description: "Datasets and their features" },
      { name: "templates", description: "The approved pool, template versions, writes" },
      { name: "render", description: "PromptSource's Template.apply on your rows" },
      { name: "releases", description: "Frozen, named snapshots of the pool and their downloads" },
      { name: "account", description: "Tokens" },
    ],
    paths,
    components: {
      schemas: components,
      securitySchemes: { bearerToken: { type: "http", scheme: "bearer", description: "A personal access token from the account page (pp_…)" } },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
