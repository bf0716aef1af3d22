// The mixture endpoints of /api/v1 called with real Requests against a real database seeded with the demo data.
import { NextRequest } from "next/server";
import { beforeAll, beforeEach, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/auth/session-user";
import { newApiTokenSecret } from "@/lib/auth/api-token-secret";
import { createApiToken, publishRelease } from "@/lib/db";
import { describeDb } from "@/lib/db/testing/harness";
import { makeUser } from "@/lib/db/testing/fixtures";
import { setLogSink } from "@/lib/log";
import { mixPreset } from "@/lib/mixture/presets";
import { seedDatabase } from "@/prisma/seed";
import { claimNextJob, dbJobStore } from "@/lib/db/jobs";
import { jobFilesDir } from "@/lib/jobs";
import { runJob } from "@/lib/jobs/runner";
import { errorBodySchema, mixtureJobSchema, mixturePlanSchema } from "./schemas";

let sessionUser: SessionUser | null = null;
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => sessionUser }));

const plan = await import("@/app/api/v1/mixtures/plan/route");
const start = await import("@/app/api/v1/mixtures/route");
const job = await import("@/app/api/v1/mixtures/[jobId]/route");

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(handler: Handler, o: { path: string; method?: string; token?: string; body?: unknown; params?: Record<string, string> }) {
  const headers: Record<string, string> = { "x-forwarded-for": "10.9.9.9" };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  const body = o.body === undefined ? undefined : JSON.stringify(o.body);
  if (body !== undefined) headers["content-type"] = "application/json";
  const req = new NextRequest(`http://127.0.0.1${o.path}`, { method: o.method ?? (body === undefined ? "GET" : "POST"), headers, body });
  const res = await handler(req, { params: Promise.resolve(o.params ?? {}) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
}

async function token(userId: string, scope: "read" | "write") {
  const s = newApiTokenSecret();
  await createApiToken({ userId, name: scope, scope, tokenHash: s.hash, prefix: s.prefix });
  return s.secret;
}

describeDb("mixture API", () => {
  let user: SessionUser;
  let readToken: string;

  beforeAll(async () => {
    await seedDatabase({ demo: false });
    const u = await makeUser("contributor");
    user = { id: u.id, role: "contributor", name: u.name, email: u.email };
    await publishRelease({ name: "demo" }, (await makeUser("admin")).id);
    readToken = await token(u.id, "read");
  });
  beforeEach(() => {
    sessionUser = null;
    setLogSink(() => {});
  });

  it("POST /mixtures/plan previews the T0-style counts for a read token, in the documented shape", async () => {
    const t0 = mixPreset("t0");
    const r = await call(plan.POST, { path: "/api/v1/mixtures/plan", token: readToken, body: { release: "demo", params: t0.params } });
    expect(r.status).toBe(200);
    expect(mixturePlanSchema.safeParse(r.json).error?.issues ?? []).toEqual([]);
    expect(r.json).toMatchObject({ release: "demo", total: 102, excluded: { heldOutCategories: ["natural_language_inference"] } });
  });

  it.each<[string, unknown, number, RegExp]>([
    ["a cap of 0", { release: "demo", params: { cap: 0 } }, 400, /params\.cap: cap must be at least 1/],
    ["every category held out", { release: "demo", params: { holdOutCategories: ["extractive_qa", "natural_language_inference", "sentiment", "summarization", "topic_classification"] } }, 400, /Every task category is held out/],
    ["k larger than a split", { release: "demo", params: { fewShotRatio: 1, k: 40 } }, 400, /k = 40 exemplars need at least 41 rows/],
    ["an unknown parameter", { release: "demo", params: { caps: 3 } }, 400, /caps/],
    ["an unknown release", { release: "nope" }, 404, /nope/],
  ])("POST /mixtures/plan refuses %s with the plan's own message", async (_n, body, status, message) => {
    sessionUser = user;
    const r = await call(plan.POST, { path: "/api/v1/mixtures/plan", body });
    expect(r.status).toBe(status);
    expect(errorBodySchema.safeParse(r.json).success).toBe(true);
    expect(r.json.error!.message).toMatch(message);
  });

  it("POST /mixtures queues the build (202, Location), GET /mixtures/<id> follows it to its file and manifest", async () => {
    const writeToken = await token(user.id, "write");
    const r = await call(start.POST, { path: "/api/v1/mixtures", token: writeToken, body: { release: "demo", params: mixPreset("t0").params } });
    expect(r.status).toBe(202);
    expect(mixtureJobSchema.safeParse(r.json).error?.issues ?? []).toEqual([]);
    expect(r.json).toMatchObject({ status: "queued", download: null, manifest: null, request: { release: "demo", taxonomy: "t0", params: { cap: 500_000 } } });
    const id = r.json.id as string;

    // as the app's worker would: claim and run it
    const claimed = (await claimNextJob(["mixture"], "api-test"))!;
    expect(claimed.id).toBe(id);
    expect(await runJob(claimed, { store: dbJobStore, workerId: "api-test", filesDir: jobFilesDir(), heartbeatMs: 50 })).toBe("done");

    const done = await call(job.GET, { path: `/api/v1/mixtures/${id}`, token: readToken, params: { jobId: id } });
    expect(done.status).toBe(200);
    expect(mixtureJobSchema.safeParse(done.json).error?.issues ?? []).toEqual([]);
    expect(done.json).toMatchObject({ status: "done", download: `/api/jobs/${id}/download`, file: { name: expect.stringMatching(/^mixture-demo-[0-9a-f]{8}\.jsonl$/) } });
    expect(done.json.manifest).toMatchObject({ source: { release: "demo" }, plan: { total: 102 } });

    // another person's job looks missing
    const other = await makeUser("contributor");
    sessionUser = { id: other.id, role: "contributor", name: other.name, email: other.email };
    expect((await call(job.GET, { path: `/api/v1/mixtures/${id}`, params: { jobId: id } })).status).toBe(404);
  });

  it("POST /mixtures refuses impossible parameters before queueing, and read tokens", async () => {
    sessionUser = user;
    const r = await call(start.POST, { path: "/api/v1/mixtures", body: { release: "demo", params: { holdOutCategories: ["extractive_qa", "natural_language_inference", "sentiment", "summarization", "topic_classification"] } } });
    expect([r.status, r.json.error?.message]).toEqual([400, expect.stringMatching(/Every task category is held out/)]);
    expect(await claimNextJob(["mixture"], "nobody")).toBeNull();
    sessionUser = null;
    expect((await call(start.POST, { path: "/api/v1/mixtures", token: readToken, body: { release: "demo" } })).status).toBe(403);
  });

  it("POST /mixtures/plan needs a session or a token", async () => {
    const r = await call(plan.POST, { path: "/api/v1/mixtures/plan", body: { release: "demo" } });
    expect(r.status).toBe(401);
  });
});
