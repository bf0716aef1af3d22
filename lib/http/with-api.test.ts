import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { SessionUser } from "@/lib/auth/session-user";
import { AppError } from "@/lib/errors";
import { setLogSink } from "@/lib/log";

// The session comes from next-auth's cookie handling, which needs a live Next request; here the
// signed-in user is set directly. Policy, validation, mapping and logging are the real code.
let currentUser: SessionUser | null = null;
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => currentUser }));

const { withApi } = await import("./with-api");

const contributor: SessionUser = { id: "u1", role: "contributor", name: "C", email: "c@x.test" };
const admin: SessionUser = { id: "a1", role: "admin", name: "A", email: "a@x.test" };
const ctx = { params: Promise.resolve({ id: "t1" }) };
let logs: Record<string, unknown>[] = [];

beforeEach(() => {
  currentUser = null;
  logs = [];
  setLogSink((line) => void logs.push(JSON.parse(line)));
});
afterEach(() => setLogSink(null));

function post(body: string) {
  return new NextRequest("http://127.0.0.1/api/x", { method: "POST", body, headers: { "content-type": "application/json" } });
}

describe("withApi", () => {
  const handler = vi.fn(async ({ input, user, params }: { input: { name: string }; user: SessionUser | null; params: unknown }) => ({
    got: input,
    by: user?.id,
    params,
  }));
  const create = withApi({ action: "template.create", input: z.object({ name: z.string().min(1) }) }, handler);

  it("refuses anonymous callers before parsing or running anything", async () => {
    handler.mockClear();
    const res = await create(post("not json"), ctx);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: "UNAUTHORIZED", message: "Please sign in first" } });
    expect(handler).not.toHaveBeenCalled();
  });

  it("refuses a signed-in user the policy does not allow", async () => {
    currentUser = contributor;
    const listUsers = withApi({ action: "user.list" }, async () => ({ users: [] }));
    const res = await listUsers(new NextRequest("http://127.0.0.1/api/users"), ctx);
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("FORBIDDEN");
  });

  it("answers 400 with field messages for invalid input and for a body that is not JSON", async () => {
    currentUser = contributor;
    const bad = await create(post(JSON.stringify({ name: "" })), ctx);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ code: "VALIDATION", fields: { name: expect.any(String) } });
    const notJson = await create(post("{oops"), ctx);
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error).toEqual({ code: "VALIDATION", message: "The request body is not valid JSON" });
  });

  it("passes parsed input, user and params to the handler and returns JSON", async () => {
    currentUser = contributor;
    const res = await create(post(JSON.stringify({ name: "t", extra: 1 })), ctx);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ got: { name: "t" }, by: "u1", params: { id: "t1" } });
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f]{12}$/);
    expect(logs.at(-1)).toMatchObject({ msg: "request", action: "template.create", userId: "u1", status: 200 });
  });

  it("reads GET input from the query string", async () => {
    const search = withApi({ action: "pool.read", input: z.object({ q: z.string() }) }, async ({ input }) => input);
    const res = await search(new NextRequest("http://127.0.0.1/api/pool?q=news"), ctx);
    expect(await res.json()).toEqual({ q: "news" });
  });

  it("maps domain errors to their status", async () => {
    currentUser = admin;
    const missing = withApi({ action: "pool.read" }, async () => {
      throw new AppError("VERSION_CONFLICT", "Version 3 was saved meanwhile");
    });
    const res = await missing(new NextRequest("http://127.0.0.1/api/x"), ctx);
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: "VERSION_CONFLICT", message: "Version 3 was saved meanwhile" } });
  });

  it("hides unexpected errors behind a reference and logs them", async () => {
    const broken = withApi({ action: "pool.read" }, async () => {
      throw new Error("password=hunter2 in a connection string");
    });
    const res = await broken(new NextRequest("http://127.0.0.1/api/x"), ctx);
    expect(res.status).toBe(500);
    const body = await res.json();
    const ref = res.headers.get("x-request-id");
    expect(body).toEqual({ error: { code: "INTERNAL", message: `Something went wrong (ref ${ref})` } });
    expect(JSON.stringify(body)).not.toContain("hunter2");
    expect(logs.find((l) => l.level === "error")).toMatchObject({ requestId: ref, errorMessage: expect.stringContaining("hunter2") });
  });
});
