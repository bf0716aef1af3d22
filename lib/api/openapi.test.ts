import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENDPOINTS } from "./endpoints";
import { buildOpenApiDocument } from "./openapi";

const ROOT = path.resolve(__dirname, "../..");
const doc = buildOpenApiDocument({ version: "test" });

function refsOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsOf(v, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else refsOf(v, out);
    }
  }
  return out;
}

function routeFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) routeFiles(full, out);
    else if (entry.name === "route.ts") out.push(path.relative(path.join(ROOT, "app"), full).split(path.sep).join("/"));
  }
  return out;
}

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with every $ref resolving to a component", () => {
    expect(doc.openapi).toBe("3.1.0");
    const refs = refsOf(doc);
    expect(refs.length).toBeGreaterThan(10);
    const missing = refs.filter((r) => !(r.replace("#/components/schemas/", "") in doc.components.schemas));
    expect(missing).toEqual([]);
    expect(JSON.stringify(doc)).not.toContain("$defs");
  });

  it("describes request bodies and queries from the zod schemas, with their rules", () => {
    const create = doc.components.schemas.CreateTemplate as { required: string[]; properties: Record<string, { maxLength?: number; minLength?: number }> };
    expect(create.required).toEqual(expect.arrayContaining(["datasetId", "name", "jinja"]));
    expect(create.required).not.toContain("message"); // has a default: optional for callers
    expect(create.properties.jinja).toMatchObject({ minLength: 1, maxLength: 100_000 });
    const list = doc.paths["/api/v1/templates"].get as { parameters: { name: string; in: string; schema: { maximum?: number } }[] };
    expect(list.parameters.map((p) => p.name)).toEqual(["datasetId", "dataset", "subset", "q", "limit", "offset"]);
    expect(list.parameters.find((p) => p.name === "limit")?.schema.maximum).toBe(100);
    const conflict = (doc.paths["/api/v1/templates/{templateId}/versions"].post as { responses: Record<string, { description: string }> }).responses["409"];
    expect(conflict.description).toContain("VERSION_CONFLICT");
  });

  it("documents every /api/v1 route handler, and each as the handler enforces it", async () => {
    const documented = new Set(ENDPOINTS.map((e) => `${e.route} ${e.method}`));
    const actual: string[] = [];
    for (const file of routeFiles(path.join(ROOT, "app/api/v1"))) {
      if (file === "api/v1/openapi.json/route.ts") continue;
      const mod = (await import(`@/app/${file}`)) as Record<string, unknown>;
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) if (mod[method]) actual.push(`${file} ${method}`);
    }
    expect(actual.filter((a) => !documented.has(a))).toEqual([]);
    for (const e of ENDPOINTS) {
      const mod = (await import(`@/app/${e.route}`)) as Record<string, { apiOptions?: { auth?: string; scope?: string; input?: unknown } }>;
      const options = mod[e.method]?.apiOptions;
      expect([e.path, e.method, options?.auth, options?.scope ?? "read"]).toEqual([e.path, e.method, e.auth, e.scope]);
      expect(options?.input === (e.body ?? e.query), `${e.method} ${e.path} validates with the documented schema`).toBe(true);
    }
  });
});
