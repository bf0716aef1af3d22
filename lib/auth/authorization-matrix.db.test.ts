/**
 * Calls every server action and route handler as each persona and compares the outcome with
 * lib/auth/authorization-matrix.ts. The real action/handler code runs (defineAction / withApi,
 * the policy, lib/db on a real database); only the session boundary (`getSessionUser`) and Next's
 * cache revalidation are stubbed. Endpoints are discovered from app/ so a new one that is missing
 * from the matrix fails here.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import { AUTHORIZATION_MATRIX, PERSONAS, type MatrixFixture, type Persona, type TemplateState } from "./authorization-matrix";
import type { SessionUser } from "./session-user";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/session", async () => {
  const { authorize } = await import("@/lib/auth/authorize");
  return {
    authorize,
    getSessionUser: async () => session.user,
    requireUser: async () => {
      if (!session.user) throw new Error("requireUser without a session");
      return session.user;
    },
    requirePageUser: async () => session.user,
  };
});
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

import { newApiTokenSecret } from "./api-token-secret";
import { addComment, addSampleRows, createApiToken, createTemplate, createUser, createVersion, decideReview, publishRelease, setTemplateStatus, submitForReview } from "@/lib/db";
import { describeDb } from "@/lib/db/testing/harness";
import { makeDataset, unique } from "@/lib/db/testing/fixtures";
import { hashPassword } from "@/lib/passwords";
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { strToU8, zipSync } from "fflate";
import { createJob, finishJob, getDb } from "@/lib/db";
import { jobFilesDir } from "@/lib/jobs";

const ROOT = path.resolve(__dirname, "../..");
const HTTP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

function findEndpointFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findEndpointFiles(full, out);
    else if (/^(actions|route)\.(ts|tsx)$/.test(entry.name)) out.push(path.relative(ROOT, full).split(path.sep).join("/"));
  }
  return out;
}

/** Exported callable names: every value export of actions.ts, the HTTP methods of route.ts. */
export function exportedEndpoints(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const route = /\/route\.tsx?$/.test(file);
  const names: string[] = [];
  const exported = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const s of sf.statements) {
    if (ts.isVariableStatement(s) && exported(s)) for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
    if (ts.isFunctionDeclaration(s) && exported(s) && s.name) names.push(s.name.text);
    if (ts.isExportDeclaration(s) && !s.isTypeOnly && s.exportClause && ts.isNamedExports(s.exportClause)) {
      for (const e of s.exportClause.elements) if (!e.isTypeOnly) names.push(e.name.text);
    }
  }
  return names.filter((n) => (route ? HTTP_METHODS.has(n) : true));
}

const discovered = findEndpointFiles(path.join(ROOT, "app"))
  .sort()
  .flatMap((file) => exportedEndpoints(file, fs.readFileSync(path.join(ROOT, file), "utf8")).map((name) => `${file}#${name}`));

describe("the authorization matrix lists every endpoint", () => {
  it("finds the app's actions and routes", () => {
    expect(discovered).toContain("app/api/health/route.ts#GET");
    expect(discovered).toContain("app/(app)/review/[templateId]/actions.ts#decideTemplateReview");
  });
  it("has an entry for every discovered endpoint", () => {
    expect(discovered.filter((k) => !(k in AUTHORIZATION_MATRIX))).toEqual([]);
  });
  it("has no entry for an endpoint that no longer exists", () => {
    expect(Object.keys(AUTHORIZATION_MATRIX).filter((k) => !discovered.includes(k))).toEqual([]);
  });
  it("the discovery sees a new export", () => {
    expect(exportedEndpoints("app/x/actions.ts", `"use server";\nexport const a = 1;\nexport { b as c };\nexport type T = 1;`)).toEqual(["a", "c"]);
    expect(exportedEndpoints("app/x/route.ts", `export const dynamic = "x";\nexport const GET = 1;\nexport { h as POST };`)).toEqual(["GET", "POST"]);
  });
});

type Outcome = { verdict: "allow" | "deny" | "other"; detail: string };

async function callAction(file: string, name: string, input: unknown): Promise<Outcome> {
  const mod = (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, (i: unknown) => Promise<{ ok: boolean; error?: { code: string; message: string } }>>;
  try {
    const r = await mod[name](input);
    if (r.ok) return { verdict: "allow", detail: "ok" };
    const code = r.error!.code;
    return { verdict: ["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"].includes(code) ? "deny" : "other", detail: `${code}: ${r.error!.message}` };
  } catch (e) {
    const digest = (e as { digest?: string }).digest ?? "";
    if (digest.startsWith("NEXT_REDIRECT")) return { verdict: "allow", detail: "redirect" };
    return { verdict: "other", detail: String(e) };
  }
}

async function callRoute(file: string, method: string, req: { path: string; body?: unknown; headers?: Record<string, string>; params?: Record<string, string | string[]> }): Promise<Outcome> {
  const mod = (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, (r: NextRequest, c: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>>;
  const request = new NextRequest(`http://127.0.0.1${req.path}`, {
    method,
    // Bytes go as they are (uploads such as an import zip); anything else as JSON.
    headers: { ...(req.body !== undefined && !(req.body instanceof Uint8Array) ? { "content-type": "application/json" } : {}), ...req.headers },
    body: req.body instanceof Uint8Array ? Buffer.from(req.body) : req.body !== undefined ? JSON.stringify(req.body) : undefined,
  });
  const res = await mod[method](request, { params: Promise.resolve(req.params ?? {}) });
  const detail = `${res.status} ${(await res.text()).slice(0, 200)}`;
  if (res.status < 400) return { verdict: "allow", detail };
  return { verdict: [401, 403, 404].includes(res.status) ? "deny" : "other", detail };
}

const cells = Object.entries(AUTHORIZATION_MATRIX).flatMap(([key, entry]) => (entry.kind === "exempt" ? [] : PERSONAS.map((p) => [key, p] as [string, Persona])));

describeDb("authorization matrix", () => {
  let fixture: MatrixFixture;
  const sessions = {} as Record<Persona, SessionUser | null>;

  beforeAll(async () => {
    const password = "matrix-password-1";
    const passwordHash = await hashPassword(password);
    const make = async (role: "contributor" | "reviewer" | "admin") => {
      const name = unique(role);
      const u = await createUser({ email: `${name}@example.org`, name, passwordHash, role }, null);
      return { id: u.id, role, name: u.name, email: u.email } as SessionUser;
    };
    sessions.anonymous = null;
    sessions.contributor = await make("contributor");
    sessions.author = await make("contributor");
    sessions.otherContributor = await make("contributor");
    sessions.reviewer = await make("reviewer");
    sessions.admin = await make("admin");
    const secondReviewer = await make("reviewer");
    const datasetId = (await makeDataset()).id;
    const authorId = sessions.author!.id;
    const template = async (state: TemplateState) => {
      const t = await createTemplate({ datasetId, name: unique("t"), createdById: authorId, version: { jinja: "{{text}}\n||| x" } });
      if (state === "draft") return { id: t.id, versionNumber: 1 };
      await submitForReview({ templateId: t.id, actorId: authorId });
      if (state === "in_review") return { id: t.id, versionNumber: 1 };
      await decideReview({ templateId: t.id, versionNumber: 1, reviewerId: secondReviewer.id, decision: state === "approved" ? "approve" : "request_changes", comment: "x" });
      if (state === "approved") await createVersion({ templateId: t.id, baseVersion: 1, authorId, version: { jinja: "{{text}} v2 ||| x" } });
      return { id: t.id, versionNumber: state === "approved" ? 2 : 1 };
    };
    let release: Promise<string> | undefined;
    const publishMixable = async () => {
      // A dataset with rows and an approved template on it, frozen once for every mixture call.
      const ds = await makeDataset();
      await addSampleRows(ds.id, "train", Array.from({ length: 12 }, (_, i) => ({ index: i, dataJson: JSON.stringify({ text: `row ${i}`, label: i % 2 }) })), null);
      const t = await createTemplate({ datasetId: ds.id, name: unique("mix"), createdById: authorId, version: { jinja: "{{text}} ||| {{label}}" } });
      await setTemplateStatus({ templateId: t.id, status: "approved", actorId: sessions.admin!.id, poolVersion: 1 });
      return (await publishRelease({ name: unique("mixrel") }, sessions.admin!.id)).name;
    };
    fixture = {
      release: () => (release ??= publishMixable()),
      mixtureJob: async () => (await createJob({ kind: "mixture", params: { release: await (release ??= publishMixable()) }, createdById: authorId })).id,
      exportJob: async (state) => {
        const job = await createJob({ kind: "export", params: { format: "p3", release: null }, createdById: authorId });
        if (state === "queued") return job.id;
        // as a worker would leave it: done, with its zip in the job files folder
        await getDb().job.update({ where: { id: job.id }, data: { status: "running", lockedBy: "matrix" } });
        const bytes = zipSync({ "manifest.json": strToU8("{}") });
        mkdirSync(jobFilesDir(), { recursive: true });
        writeFileSync(path.join(jobFilesDir(), `${job.id}.zip`), bytes);
        const file = { name: "promptpool-pool-p3.zip", contentType: "application/zip", bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
        await finishJob(job.id, "matrix", { status: "done", result: { file } }, null);
        return job.id;
      },
      users: Object.fromEntries(PERSONAS.map((p) => [p, sessions[p]?.id ?? null])) as Record<Persona, string | null>,
      password,
      datasetId,
      template,
      commentThread: async () => {
        const t = await template("in_review");
        const c = await addComment({ templateId: t.id, versionNumber: 1, authorId: secondReviewer.id, line: 1, body: "why?" });
        return { templateId: t.id, commentId: c.id };
      },
      bystander: async () => (await make("contributor")).id,
      unique,
      bearer: async (persona, scope): Promise<Record<string, string>> => {
        const u = sessions[persona];
        if (!u) return {};
        const { secret, hash, prefix } = newApiTokenSecret();
        await createApiToken({ userId: u.id, name: unique("matrix"), scope, tokenHash: hash, prefix });
        return { authorization: `Bearer ${secret}` };
      },
      persona: "anonymous",
    };
  });

  it.each(cells)("%s as %s", async (key, persona) => {
    const entry = AUTHORIZATION_MATRIX[key];
    const [file, name] = key.split("#");
    session.user = null;
    const f = { ...fixture, persona };
    const built = entry.kind === "action" ? await entry.input(f) : entry.kind === "route" ? await entry.request(f) : null;
    session.user = sessions[persona];
    try {
      const outcome = entry.kind === "action" ? await callAction(file, name, built) : await callRoute(file, name, built as Parameters<typeof callRoute>[2]);
      if (entry.kind === "exempt") return;
      expect({ verdict: outcome.verdict, detail: outcome.detail }).toMatchObject({ verdict: entry.expect[persona] });
    } finally {
      session.user = null;
    }
  });
});
