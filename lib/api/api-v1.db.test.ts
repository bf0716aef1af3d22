// The public API's route handlers called with real Request objects against a real database
// (SQLite, and PostgreSQL when TEST_POSTGRES_URL is set). Only the browser session is stubbed
// (next-auth needs a live Next request); tokens, policy, validation, limits and the data layer are real.
import { NextRequest } from "next/server";
import { afterEach, beforeAll, beforeEach, expect, it, vi } from "vitest";
import type { z } from "zod";
import { unzipSync } from "fflate";
import { EXPORT_FORMATS } from "@/lib/export/types";
import type { SessionUser } from "@/lib/auth/session-user";
import { hashApiToken, newApiTokenSecret } from "@/lib/auth/api-token-secret";
import { createApiToken, createTemplate, findApiTokenOwner, publishRelease, getTemplate, listApiTokens, revokeApiToken, setTemplateStatus, setUserDisabled } from "@/lib/db";
import { describeDb } from "@/lib/db/testing/harness";
import { makeDataset, makeUser, sampleVersion } from "@/lib/db/testing/fixtures";
import { resetEnvForTests } from "@/lib/env";
import { setLogSink } from "@/lib/log";
import { datasetDetailSchema, errorBodySchema, meSchema, releaseDetailSchema, releaseListSchema, renderResponseSchema, templateDetailSchema, templatePageSchema, versionListSchema } from "./schemas";

let sessionUser: SessionUser | null = null;
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => sessionUser }));

const datasets = await import("@/app/api/v1/datasets/route");
const dataset = await import("@/app/api/v1/datasets/[datasetId]/route");
const templates = await import("@/app/api/v1/templates/route");
const template = await import("@/app/api/v1/templates/[templateId]/route");
const versions = await import("@/app/api/v1/templates/[templateId]/versions/route");
const render = await import("@/app/api/v1/render/route");
const me = await import("@/app/api/v1/me/route");
const releases = await import("@/app/api/v1/releases/route");
const release = await import("@/app/api/v1/releases/[releaseName]/route");
const exportsRoute = await import("@/app/api/exports/route");

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

let ipCounter = 0;
/** Each call comes from its own address unless told otherwise, so the anonymous rate limit stays out of the way. */
async function call(handler: Handler, o: { path?: string; method?: string; token?: string; body?: unknown; rawBody?: string; params?: Record<string, string>; ip?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { "x-forwarded-for": o.ip ?? `10.0.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`, ...o.headers };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  const body = o.rawBody ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
  if (body !== undefined) headers["content-type"] = "application/json";
  const req = new NextRequest(`http://127.0.0.1${o.path ?? "/api/v1/x"}`, { method: o.method ?? (body === undefined ? "GET" : "POST"), headers, body });
  const res = await handler(req, { params: Promise.resolve(o.params ?? {}) });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
}

function expectShape<S extends z.ZodType>(schema: S, value: unknown) {
  const parsed = schema.safeParse(value);
  expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
}

async function tokenFor(userId: string, scope: "read" | "write") {
  const secret = newApiTokenSecret();
  const dto = await createApiToken({ userId, name: `${scope} token`, scope, tokenHash: secret.hash, prefix: secret.prefix });
  return { secret: secret.secret, id: dto.id };
}

const metadata = { reference: "api test", originalTask: true, choicesInPrompt: false, metrics: ["Accuracy"], languages: ["en"] };

beforeEach(() => {
  sessionUser = null;
  setLogSink(() => {});
});
afterEach(() => {
  setLogSink(null);
  for (const k of ["PROMPTPOOL_API_RATE_ANONYMOUS", "PROMPTPOOL_API_RATE_TOKEN", "PROMPTPOOL_API_MAX_BODY_BYTES", "PROMPTPOOL_API_RENDER_BUDGET_MS", "PROMPTPOOL_API_RENDER_MAX_ROWS"]) delete process.env[k];
  resetEnvForTests();
});

function withEnv(values: Record<string, string>) {
  Object.assign(process.env, values);
  resetEnvForTests();
}

describeDb("public API /api/v1", () => {
  let author: { id: string };
  let reviewer: { id: string };
  let datasetId: string;
  let approvedId: string;
  let draftId: string;
  let write: { secret: string; id: string };
  let read: { secret: string; id: string };

  beforeAll(async () => {
    author = await makeUser("contributor");
    reviewer = await makeUser("reviewer");
    datasetId = (await makeDataset({ name: "api_news" })).id;
    const approved = await createTemplate({ datasetId, name: "Approved one", createdById: author.id, version: sampleVersion() });
    await setTemplateStatus({ templateId: approved.id, status: "approved", actorId: reviewer.id, poolVersion: 1 });
    approvedId = approved.id;
    draftId = (await createTemplate({ datasetId, name: "Private draft", createdById: author.id, version: sampleVersion("draft {{text}}") })).id;
    write = await tokenFor(author.id, "write");
    read = await tokenFor(author.id, "read");
  });

  it("lists datasets and shows one with features and splits, anonymously", async () => {
    const list = await call(datasets.GET);
    expect(list.status).toBe(200);
    expect((list.json.items as { id: string }[]).map((d) => d.id)).toContain(datasetId);
    const one = await call(dataset.GET, { params: { datasetId } });
    expectShape(datasetDetailSchema, one.json);
    expect(one.json).toMatchObject({ name: "api_news", features: { label: { _type: "ClassLabel" } }, approvedTemplateCount: 1 });
    const missing = await call(dataset.GET, { params: { datasetId: "nope" } });
    expect([missing.status, missing.json.error?.code]).toEqual([404, "NOT_FOUND"]);
    expectShape(errorBodySchema, missing.json);
  });

  it("lists only the approved pool, with filters and pagination", async () => {
    const page = await call(templates.GET, { path: `/api/v1/templates?datasetId=${datasetId}` });
    expect(page.status).toBe(200);
    expectShape(templatePageSchema, page.json);
    expect(page.json).toMatchObject({ total: 1, limit: 20, offset: 0 });
    expect(page.json.items).toMatchObject([{ id: approvedId, poolVersion: 1, approved: { number: 1, jinja: "{{text}} ||| {{answer_choices[label]}}" } }]);
    expect((await call(templates.GET, { path: "/api/v1/templates?dataset=api_news&q=APPROVED" })).json.total).toBe(1);
    expect((await call(templates.GET, { path: "/api/v1/templates?dataset=api_news&q=draft" })).json.total).toBe(0);
    const second = await call(templates.GET, { path: `/api/v1/templates?datasetId=${datasetId}&offset=1&limit=1` });
    expect(second.json).toMatchObject({ items: [], total: 1, offset: 1, limit: 1 });
    const bad = await call(templates.GET, { path: "/api/v1/templates?limit=1000" });
    expect([bad.status, bad.json.error?.code]).toEqual([400, "VALIDATION"]);
  });

  it("shows a pool template and its versions to anyone, a draft only to those the policy lets read it", async () => {
    const one = await call(template.GET, { params: { templateId: approvedId } });
    expect(one.status).toBe(200);
    expectShape(templateDetailSchema, one.json);
    expect(one.json).toMatchObject({ id: approvedId, poolVersion: 1, latest: { number: 1 }, approved: { number: 1 } });
    const history = await call(versions.GET, { params: { templateId: approvedId } });
    expectShape(versionListSchema, history.json);
    expect((history.json.items as { number: number }[]).map((v) => v.number)).toEqual([1]);

    expect((await call(template.GET, { params: { templateId: draftId } })).status).toBe(404);
    expect((await call(versions.GET, { params: { templateId: draftId } })).status).toBe(404);
    const own = await call(template.GET, { params: { templateId: draftId }, token: read.secret });
    expect([own.status, own.json.approved]).toEqual([200, null]);
  });

  it("lists releases and shows one with its frozen versions", async () => {
    const admin = await makeUser("admin");
    await publishRelease({ name: "2026.11.26-api", notes: "first" }, admin.id);
    const list = await call(releases.GET);
    expectShape(releaseListSchema, list.json);
    expect((list.json.items as { name: string }[]).map((r) => r.name)).toContain("2026.11.26-api");
    const one = await call(release.GET, { params: { releaseName: "2026.11.26-api" } });
    expectShape(releaseDetailSchema, one.json);
    expect(one.json.templates).toEqual(expect.arrayContaining([expect.objectContaining({ templateId: approvedId, versionNumber: 1 })]));
    // its downloads: one zip per format, a link that really downloads the release
    const listed = (list.json.items as { name: string; downloads: { format: string; url: string; fileName: string }[] }[]).find((r) => r.name === "2026.11.26-api")!;
    expect(listed.downloads.map((d) => d.format).sort()).toEqual([...EXPORT_FORMATS].sort());
    expect(one.json.downloads).toEqual(listed.downloads);
    const p3 = listed.downloads.find((d) => d.format === "p3")!;
    expect(p3).toEqual({ format: "p3", url: "/api/exports?format=p3&release=2026.11.26-api", fileName: "promptpool-2026.11.26-api-p3.zip" });
    const zip = await exportsRoute.GET(new NextRequest(`http://127.0.0.1${p3.url}`), { params: Promise.resolve({}) });
    expect([zip.status, zip.headers.get("content-disposition")]).toEqual([200, `attachment; filename="${p3.fileName}"`]);
    expect(JSON.parse(new TextDecoder().decode(unzipSync(new Uint8Array(await zip.arrayBuffer()))["manifest.json"]))).toMatchObject({ release: "2026.11.26-api" });
    expect((await call(release.GET, { params: { releaseName: "nope" } })).status).toBe(404);
  });

  it("authenticates tokens: anonymous, read, write, revoked, disabled owner, garbage", async () => {
    const body = { datasetId, name: "Made by API", jinja: "{{text}} ||| {{answer_choices[label]}}", answerChoices: "no ||| yes", metadata };
    const anonymous = await call(templates.POST, { body });
    expect([anonymous.status, anonymous.json.error?.code]).toEqual([401, "UNAUTHORIZED"]);

    // A browser session is not enough for the API's writes: they are for tools, with a token.
    sessionUser = { id: author.id, role: "contributor", name: null, email: null };
    expect((await call(templates.POST, { body })).status).toBe(401);
    sessionUser = null;

    const readOnly = await call(templates.POST, { body, token: read.secret });
    expect([readOnly.status, readOnly.json.error?.code]).toEqual([403, "FORBIDDEN"]);
    expect(readOnly.json.error?.message).toMatch(/read-only/);

    const created = await call(templates.POST, { body, token: write.secret });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`/api/v1/templates/${(created.json.template as { id: string }).id}`);
    expect(created.json.template).toMatchObject({ name: "Made by API", status: "draft", createdBy: { id: author.id }, latest: { number: 1, answerChoices: "no ||| yes", metadata: { metrics: ["Accuracy"] } } });

    const who = await call(me.GET, { token: read.secret });
    expectShape(meSchema, who.json);
    expect(who.json).toMatchObject({ user: { id: author.id }, via: "token", scope: "read" });
    // Stored as a hash: the secret is nowhere in what the database gives back.
    expect(JSON.stringify(await listApiTokens(author.id))).not.toContain(read.secret.slice(10));
    expect((await findApiTokenOwner(hashApiToken(read.secret)))?.tokenId).toBe(read.id);
    expect((await listApiTokens(author.id)).find((t) => t.id === read.id)?.lastUsedAt).not.toBeNull();
    expect((await call(me.GET)).status).toBe(401);

    const garbage = await call(me.GET, { token: "pp_" + "x".repeat(43) });
    expect([garbage.status, garbage.json.error?.message]).toEqual([401, "This token is not valid"]);
    expect((await call(me.GET, { headers: { authorization: "Basic abc" } })).status).toBe(401);
    // A bad token is refused even on public endpoints, rather than quietly treated as anonymous.
    expect((await call(datasets.GET, { token: "pp_" + "x".repeat(43) })).status).toBe(401);

    const doomed = await tokenFor(author.id, "write");
    expect((await call(me.GET, { token: doomed.secret })).status).toBe(200);
    await revokeApiToken({ tokenId: doomed.id, userId: author.id });
    const revoked = await call(me.GET, { token: doomed.secret });
    expect([revoked.status, revoked.json.error?.message]).toEqual([401, "This token has been revoked"]);

    const leaver = await makeUser("contributor");
    const leaverToken = await tokenFor(leaver.id, "write");
    expect((await call(me.GET, { token: leaverToken.secret })).status).toBe(200);
    const admin = await makeUser("admin");
    await setUserDisabled(leaver.id, true, admin.id);
    const disabled = await call(templates.POST, { body: { ...body, name: "by a leaver" }, token: leaverToken.secret });
    expect([disabled.status, disabled.json.error?.message]).toEqual([401, "This token's account is disabled"]);
  });

  it("validates write input with the studio's schema", async () => {
    const res = await call(templates.POST, { body: { datasetId, name: " ", jinja: "", metadata: { ...metadata, metrics: ["Vibes"], languages: ["xx"] } }, token: write.secret });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: "VALIDATION", fields: { name: "Enter a name", jinja: "The template is empty", "metadata.metrics.0": "Not one of PromptSource's metrics", "metadata.languages.0": "Not an ISO 639-1 language code" } });
    const notJson = await call(templates.POST, { rawBody: "{nope", token: write.secret });
    expect(notJson.json.error).toEqual({ code: "VALIDATION", message: "The request body is not valid JSON" });
    const otherDataset = await call(templates.POST, { body: { datasetId: "missing", name: "x", jinja: "x" }, token: write.secret });
    expect([otherDataset.status, otherDataset.json.error?.code]).toEqual([404, "NOT_FOUND"]);
    const taken = await call(templates.POST, { body: { datasetId, name: "Approved one", jinja: "x" }, token: write.secret });
    expect([taken.status, taken.json.error?.code]).toEqual([409, "CONFLICT"]);
  });

  it("saves versions on the latest base and answers 409 VERSION_CONFLICT on a stale one", async () => {
    const t = await createTemplate({ datasetId, name: "Versioned", createdById: author.id, version: sampleVersion("v1 {{text}}") });
    const v2 = await call(versions.POST, { params: { templateId: t.id }, body: { baseVersion: 1, jinja: "v2 {{text}}", message: "from the API" }, token: write.secret });
    expect(v2.status).toBe(201);
    // Metadata and extra fields carry over from the base when left out.
    expect(v2.json.version).toMatchObject({ number: 2, parentNumber: 1, message: "from the API", answerChoices: null, reference: "written for tests", metadata: { metrics: ["Accuracy"] }, extra: { unknown_field: { kept: [1, 2.5] } } });
    const stale = await call(versions.POST, { params: { templateId: t.id }, body: { baseVersion: 1, name: "Renamed", jinja: "stale" }, token: write.secret });
    expect([stale.status, stale.json.error?.code]).toEqual([409, "VERSION_CONFLICT"]);
    expect(stale.json.error?.message).toMatch(/latest is 2/);
    const after = await getTemplate(t.id);
    expect([after?.latestVersion, after?.name]).toEqual([2, "Versioned"]);

    const renamed = await call(versions.POST, { params: { templateId: t.id }, body: { baseVersion: 2, name: "Renamed", jinja: "v3", metadata }, token: write.secret });
    expect(renamed.json.version).toMatchObject({ number: 3, reference: "api test" });
    expect((await getTemplate(t.id))?.name).toBe("Renamed");

    const someoneElse = await tokenFor(reviewer.id, "write");
    const foreign = await call(versions.POST, { params: { templateId: t.id }, body: { baseVersion: 3, jinja: "mine now" }, token: someoneElse.secret });
    expect([foreign.status, foreign.json.error?.code]).toEqual([403, "FORBIDDEN"]);
    const invisible = await call(versions.POST, { params: { templateId: draftId }, body: { baseVersion: 1, jinja: "x" }, token: (await tokenFor((await makeUser()).id, "write")).secret });
    expect(invisible.status).toBe(404);
  });

  it("renders rows as PromptSource does, keeping Python's float text", async () => {
    const res = await call(render.POST, {
      rawBody: '{"template":{"jinja":"{{text.upper()}} ({{score}}) ||| {{answer_choices[label]}}","answerChoices":"no ||| yes"},"rows":[{"text":"good","score":3.0,"label":1},{"text":"bad","score":2,"label":0},{"nothing":1}]}',
    });
    expect(res.status).toBe(200);
    expectShape(renderResponseSchema, res.json);
    expect(res.json.records).toEqual([
      { index: 0, seed: 0, prompt: "GOOD (3.0)", target: "yes", answerChoices: ["no", "yes"], error: null },
      { index: 1, seed: 1, prompt: "BAD (2)", target: "no", answerChoices: ["no", "yes"], error: null },
      { index: 2, seed: 2, prompt: null, target: null, answerChoices: null, error: expect.stringMatching(/^UndefinedError: /) },
    ]);
    const seeded = await call(render.POST, { body: { template: { jinja: "{{ [1,2,3,4,5,6,7,8,9] | choice }}" }, rows: [{}, {}], seedBase: 100 } });
    expect((seeded.json.records as { seed: number }[]).map((r) => r.seed)).toEqual([100, 101]);
  });

  it("stops a runaway template with a clear error instead of hanging", async () => {
    withEnv({ PROMPTPOOL_API_RENDER_BUDGET_MS: "300" });
    const started = Date.now();
    const loop = await call(render.POST, { body: { template: { jinja: "{% for i in range(100000) %}{% for j in range(100000) %}{{ i }}{% endfor %}{% endfor %}" }, rows: [{}] } });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect([loop.status, loop.json.error?.code]).toEqual([422, "RENDER_LIMIT"]);
    expect(loop.json.error?.message).toMatch(/^Row 0: RenderLimitError: /);
    const bomb = await call(render.POST, { body: { template: { jinja: "{{ ('a' * 1000000000) }}" }, rows: [{}] } });
    expect([bomb.status, bomb.json.error?.code]).toEqual([422, "RENDER_LIMIT"]);
    const syntax = await call(render.POST, { body: { template: { jinja: "{% if %}" }, rows: [{}] } });
    expect([syntax.status, syntax.json.error?.code]).toEqual([422, "TEMPLATE_SYNTAX"]);
    expect(syntax.json.error?.message).toMatch(/line 1/);
  });

  it("refuses too many rows and bodies over the size limit (413)", async () => {
    withEnv({ PROMPTPOOL_API_RENDER_MAX_ROWS: "3", PROMPTPOOL_API_MAX_BODY_BYTES: "2048" });
    const many = await call(render.POST, { body: { template: { jinja: "x" }, rows: [{}, {}, {}, {}] } });
    expect([many.status, many.json.error?.code, many.json.error?.message]).toEqual([400, "VALIDATION", "rows: at most 3 rows per request"]);
    const big = await call(render.POST, { body: { template: { jinja: "x".repeat(3000) }, rows: [{}] } });
    expect([big.status, big.json.error?.code]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
    // A chunked body with no Content-Length is counted as it streams.
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 5; i++) c.enqueue(new TextEncoder().encode(" ".repeat(1000)));
        c.close();
      },
    });
    const init = { method: "POST", body: stream, headers: { "x-forwarded-for": "10.9.9.9" }, duplex: "half" };
    const req = new NextRequest("http://127.0.0.1/api/v1/render", init as ConstructorParameters<typeof NextRequest>[1]);
    const res = await render.POST(req, { params: Promise.resolve({}) });
    expect(res.status).toBe(413);
  });

  it("rate-limits anonymous callers per address and tokens per token, with Retry-After", async () => {
    withEnv({ PROMPTPOOL_API_RATE_ANONYMOUS: "2", PROMPTPOOL_API_RATE_TOKEN: "3" });
    const ip = `192.0.2.${Math.floor(Math.random() * 250)}-${Date.now()}`;
    const anon = [await call(datasets.GET, { ip }), await call(datasets.GET, { ip }), await call(datasets.GET, { ip })];
    expect(anon.map((r) => r.status)).toEqual([200, 200, 429]);
    expect(anon[2].json.error?.code).toBe("RATE_LIMITED");
    expect(Number(anon[2].headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await call(datasets.GET, { ip: `${ip}-other` })).status).toBe(200);

    const t = await tokenFor(author.id, "read");
    const byToken = [];
    for (let i = 0; i < 4; i++) byToken.push((await call(datasets.GET, { token: t.secret })).status);
    expect(byToken).toEqual([200, 200, 200, 429]);
    // Sessions (the app's own pages) are not counted.
    sessionUser = { id: author.id, role: "contributor", name: null, email: null };
    for (let i = 0; i < 4; i++) expect((await call(datasets.GET, { ip })).status).toBe(200);
  });
});
