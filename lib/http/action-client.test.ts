import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { SessionUser } from "@/lib/auth/session-user";
import { AppError } from "@/lib/errors";
import { setLogSink } from "@/lib/log";

// As in with-api.test.ts: the signed-in user is set directly; everything else is the real code.
let currentUser: SessionUser | null = null;
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => currentUser }));

const { defineAction } = await import("./action-client");
const { authorize } = await import("@/lib/auth/authorize");

const alice: SessionUser = { id: "alice", role: "contributor", name: "Alice", email: "a@x.test" };
const rita: SessionUser = { id: "rita", role: "reviewer", name: "Rita", email: "r@x.test" };

beforeEach(() => {
  currentUser = null;
  setLogSink(() => {});
});

const body = vi.fn(async ({ user, input }: { user: SessionUser; input: { title: string } }) => ({ by: user.id, title: input.title }));
const create = defineAction({ action: "template.create", input: z.object({ title: z.string().min(3, "Too short") }) }, body);

describe("defineAction", () => {
  it("returns UNAUTHORIZED for anonymous callers without running the body", async () => {
    body.mockClear();
    expect(await create({ title: "hello" })).toEqual({ ok: false, error: { code: "UNAUTHORIZED", message: "Please sign in first" } });
    expect(body).not.toHaveBeenCalled();
  });

  it("validates input with zod and reports fields", async () => {
    currentUser = alice;
    const result = await create({ title: "x" });
    expect(result).toEqual({ ok: false, error: { code: "VALIDATION", message: "title: Too short", fields: { title: "Too short" } } });
  });

  it("accepts FormData as well as objects, and takes the user from the session", async () => {
    currentUser = alice;
    const form = new FormData();
    form.set("title", "hello");
    form.set("$ACTION_ID_abc", "");
    expect(await create(form)).toEqual({ ok: true, data: { by: "alice", title: "hello" } });
  });

  it("checks resource-bound actions inside the body with authorize()", async () => {
    const review = defineAction(
      { action: "template.review", input: z.object({ createdById: z.string() }) },
      async ({ user, input }) => {
        authorize(user, "template.review", { kind: "template", createdById: input.createdById, status: "in_review", poolVersion: null });
        return "reviewed";
      },
    );
    currentUser = alice;
    expect(await review({ createdById: "bob" })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    currentUser = rita;
    expect(await review({ createdById: "rita" })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await review({ createdById: "bob" })).toEqual({ ok: true, data: "reviewed" });
  });

  it("lets public actions run for anonymous callers when the policy allows", async () => {
    const register = defineAction({ auth: "public", action: "account.register", input: z.object({}) }, async () => "ok");
    expect(await register({})).toEqual({ ok: true, data: "ok" });
    currentUser = alice;
    expect(await register({})).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
  });

  it("maps domain errors and hides faults", async () => {
    currentUser = alice;
    const conflict = defineAction({ action: "template.create", input: z.object({}) }, async () => {
      throw new AppError("CONFLICT", "Name taken");
    });
    expect(await conflict({})).toEqual({ ok: false, error: { code: "CONFLICT", message: "Name taken" } });
    const fault = defineAction({ action: "template.create", input: z.object({}) }, async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'secret')");
    });
    const result = await fault({});
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe("INTERNAL");
      expect(result.error.message).toMatch(/^Something went wrong \(ref [0-9a-f]{12}\)$/);
    }
  });

  it("lets Next's redirect() through", async () => {
    currentUser = alice;
    const redirecting = defineAction({ action: "template.create", input: z.object({}) }, async () => {
      throw Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;replace;/x;307;" });
    });
    await expect(redirecting({})).rejects.toThrow("NEXT_REDIRECT");
  });
});
