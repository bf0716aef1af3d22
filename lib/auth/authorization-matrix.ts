/**
 * The authorization matrix: who may call every server action (app/**\/actions.ts exports) and every
 * route handler (app/**\/route.ts methods). lib/auth/authorization-matrix.db.test.ts discovers the
 * endpoints from the file system, fails for any endpoint missing here, and calls each one for real
 * (through defineAction/withApi, with only the session stubbed) as each persona.
 *
 * Personas: anonymous; contributor (signed in, unrelated to the template); author (the contributor
 * who created the template); otherContributor (another contributor); reviewer; admin.
 *
 * "allow": the call succeeds (`{ ok: true }` for actions, a 2xx/3xx response for routes, or a
 * redirect). "deny": it is refused with UNAUTHORIZED, FORBIDDEN or NOT_FOUND (unreadable things
 * look missing) — 401/403/404 for routes. Anything else fails the test, so inputs must be valid.
 * See lib/auth/README.md for how to add an entry.
 */
import { randomUUID } from "node:crypto";
import { strToU8, zipSync } from "fflate";
import { setTemplateStatus } from "@/lib/db";

export const PERSONAS = ["anonymous", "contributor", "author", "otherContributor", "reviewer", "admin"] as const;
export type Persona = (typeof PERSONAS)[number];
export type Verdict = "allow" | "deny";
export type Expectations = Record<Persona, Verdict>;

export type TemplateState = "draft" | "in_review" | "approved" | "changes_requested";

/** What the test provides to build a call: fresh records for every (endpoint, persona) cell. */
export interface MatrixFixture {
  /** user ids of the personas (null for anonymous) */
  users: Record<Persona, string | null>;
  /** the password of every persona's account */
  password: string;
  datasetId: string;
  /** a fresh template created by `author`, brought into `state` (in review with version `reviewVersion`) */
  template(state: TemplateState): Promise<{ id: string; versionNumber: number }>;
  /** a fresh comment thread by the reviewer on a fresh in-review template */
  commentThread(): Promise<{ templateId: string; commentId: string }>;
  /** a fresh contributor account to act on (admin tools) */
  bystander(): Promise<string>;
  /** a unique string (emails, names) */
  unique(prefix: string): string;
  /** headers carrying a fresh personal access token of the persona (none for anonymous) */
  bearer(persona: Persona, scope: "read" | "write"): Promise<Record<string, string>>;
  /** the persona whose call is being built */
  persona: Persona;
  /** the name of a release (published once per test run) of an approved template with sample rows */
  release(): Promise<string>;
  /** a fresh queued mixture job of that release, started by `author` */
  mixtureJob(): Promise<string>;
  /** a fresh export job started by `author` (the pool, P3): queued, or done with its zip on disk */
  exportJob(state: "queued" | "done"): Promise<string>;
}

export interface ActionEntry {
  kind: "action";
  /** builds the action's argument */
  input(f: MatrixFixture): Promise<unknown>;
  expect: Expectations;
}

export interface RouteEntry {
  kind: "route";
  request(f: MatrixFixture): Promise<{ path: string; body?: unknown; headers?: Record<string, string>; params?: Record<string, string | string[]> }>;
  expect: Expectations;
}

export interface ExemptEntry {
  kind: "exempt";
  why: string;
}

export type MatrixEntry = ActionEntry | RouteEntry | ExemptEntry;

const everyone: Expectations = { anonymous: "allow", contributor: "allow", author: "allow", otherContributor: "allow", reviewer: "allow", admin: "allow" };
const signedIn: Expectations = { ...everyone, anonymous: "deny" };
const adminOnly: Expectations = { anonymous: "deny", contributor: "deny", author: "deny", otherContributor: "deny", reviewer: "deny", admin: "allow" };
const authorOnly: Expectations = { ...adminOnly, author: "allow", admin: "deny" };
const authorOrAdmin: Expectations = { ...adminOnly, author: "allow" };
const reviewersNotAuthor: Expectations = { ...adminOnly, reviewer: "allow" };
const conversation: Expectations = { ...adminOnly, author: "allow", reviewer: "allow" };

const reviewersAndAdmins: Expectations = { ...adminOnly, reviewer: "allow" };

/** A zip of one valid PromptSource templates.yaml for `dataset`. */
function importZip(dataset: string, templateId: string): Uint8Array {
  const yaml = `dataset: ${dataset}\ntemplates:\n  ${templateId}: !Template\n    answer_choices: null\n    id: ${templateId}\n    jinja: '{{text}} ||| {{label}}'\n    metadata: !TemplateMetadata\n      choices_in_prompt: null\n      languages: [en]\n      metrics: [Accuracy]\n      original_task: true\n    name: matrix\n    reference: ''\n`;
  return zipSync({ [`templates/${dataset}/templates.yaml`]: strToU8(yaml) });
}

const studioMetadata = { reference: "", originalTask: false, choicesInPrompt: false, metrics: [], languages: [] };

/** Keys: "<file>#<export>" for actions, "<file>#<METHOD>" for routes. */
export const AUTHORIZATION_MATRIX: Record<string, MatrixEntry> = {
  "app/(auth)/sign-up/actions.ts#signUp": {
    kind: "action",
    input: async (f) => ({ name: "New person", email: `${f.unique("new")}@example.org`, password: f.password }),
    expect: { ...adminOnly, anonymous: "allow", admin: "deny" },
  },
  "app/(app)/account/actions.ts#changePassword": {
    kind: "action",
    input: async (f) => ({ currentPassword: f.password, newPassword: f.password }),
    expect: signedIn,
  },
  "app/(app)/account/actions.ts#createPersonalToken": {
    kind: "action",
    input: async () => ({ name: "matrix", scope: "write" }),
    expect: signedIn,
  },
  "app/(app)/account/actions.ts#revokePersonalToken": {
    kind: "action",
    // each persona revokes a token of its own (anonymous: a bystander's, which it must not reach)
    input: async (f) => {
      const { createApiToken } = await import("@/lib/db");
      const owner = f.users[f.persona] ?? (await f.bystander());
      const token = await createApiToken({ userId: owner, name: "matrix", scope: "read", tokenHash: (await import("node:crypto")).createHash("sha256").update(f.unique("t")).digest("hex"), prefix: "pp_matrix0" });
      return { tokenId: token.id };
    },
    expect: signedIn,
  },
  "app/(app)/admin/users/actions.ts#changeUserRole": {
    kind: "action",
    input: async (f) => ({ userId: await f.bystander(), role: "reviewer" }),
    expect: adminOnly,
  },
  "app/(app)/admin/users/actions.ts#changeUserDisabled": {
    kind: "action",
    input: async (f) => ({ userId: await f.bystander(), disabled: true }),
    expect: adminOnly,
  },
  "app/(app)/admin/settings/actions.ts#saveApprovalsRequired": {
    kind: "action",
    input: async () => ({ approvalsRequired: 1 }),
    expect: adminOnly,
  },
  "app/(app)/datasets/[datasetId]/new-template/actions.ts#createTemplateFromStudio": {
    kind: "action",
    input: async (f) => ({ datasetId: f.datasetId, name: f.unique("tpl"), jinja: "{{text}} ||| x", answerChoices: "", message: "", metadata: studioMetadata }),
    expect: signedIn,
  },
  "app/(app)/datasets/[datasetId]/actions.ts#saveClassLabel": {
    kind: "action",
    input: async (f) => ({ datasetId: f.datasetId, column: "label", change: { names: ["neg", "pos"] } }),
    expect: adminOnly,
  },
  // The prompted dataset viewer is public, as sample rows are.
  "app/(app)/viewer/actions.ts#loadViewerRows": {
    kind: "action",
    input: async (f) => ({ datasetId: f.datasetId, split: "train", offset: 0, limit: 100 }),
    expect: everyone,
  },
  "app/(app)/datasets/[datasetId]/actions.ts#loadColumnSummary": {
    kind: "action",
    input: async (f) => ({ datasetId: f.datasetId, column: "label" }),
    expect: adminOnly,
  },
  "app/(app)/datasets/[datasetId]/actions.ts#saveTaskCategory": {
    kind: "action",
    input: async (f) => ({ datasetId: f.datasetId, taskCategory: "Sentiment" }),
    expect: adminOnly,
  },
  // Any signed-in user creates a dataset from a file (adding rows to an existing one: its creator or an admin).
  "app/(app)/datasets/import/file/route.ts#POST": {
    kind: "route",
    request: async (f) => {
      const form = new FormData();
      form.set("options", JSON.stringify({ create: { name: f.unique("ds") }, split: "train" }));
      form.set("file", new File(['{"a": 1}\n'], "rows.jsonl"));
      const multipart = new Response(form);
      return { path: "/datasets/import/file", headers: { "content-type": multipart.headers.get("content-type")! }, body: new Uint8Array(await multipart.arrayBuffer()) };
    },
    expect: signedIn,
  },
  "app/(app)/datasets/import/hub/lookup/route.ts#POST": {
    kind: "exempt",
    why: "reads the Hugging Face Hub; withApi checks dataset.create (signed in) before any fetch; e2e datasets-import calls it against the local fake Hub",
  },
  "app/(app)/datasets/import/hub/route.ts#POST": {
    kind: "exempt",
    why: "reads the Hugging Face Hub; withApi checks dataset.create and the handler dataset.import on an existing dataset before any fetch; e2e datasets-import covers it against the local fake Hub",
  },
  "app/(app)/templates/[templateId]/edit/actions.ts#saveTemplateVersion": {
    kind: "action",
    input: async (f) => {
      const t = await f.template("draft");
      return { templateId: t.id, baseVersion: 1, name: f.unique("renamed"), jinja: "{{text}} ||| y", answerChoices: "", message: "", metadata: studioMetadata };
    },
    expect: authorOrAdmin,
  },
  "app/(app)/templates/[templateId]/edit/actions.ts#restoreTemplateVersion": {
    kind: "action",
    input: async (f) => ({ templateId: (await f.template("draft")).id, baseVersion: 1, number: 1 }),
    expect: authorOrAdmin,
  },
  "app/(app)/datasets/[datasetId]/new-template/actions.ts#loadStudioRows": {
    kind: "action",
    input: async (f) => ({ datasetId: f.datasetId, split: "train", offset: 0, limit: 5 }),
    expect: signedIn,
  },
  "app/(app)/templates/[templateId]/edit/actions.ts#duplicateTemplate": {
    kind: "action",
    input: async (f) => ({ templateId: (await f.template("draft")).id, name: f.unique("copy") }),
    // whoever may read the draft (its author, reviewers, admins) may copy it
    expect: { ...conversation, admin: "allow" },
  },
  "app/(app)/templates/[templateId]/edit/actions.ts#renameTemplateAction": {
    kind: "action",
    input: async (f) => ({ templateId: (await f.template("draft")).id, name: f.unique("renamed") }),
    expect: authorOrAdmin,
  },
  "app/(app)/templates/[templateId]/edit/actions.ts#archiveTemplate": {
    kind: "action",
    input: async (f) => ({ templateId: (await f.template("draft")).id }),
    expect: authorOrAdmin,
  },
  "app/(app)/templates/[templateId]/edit/actions.ts#unarchiveTemplate": {
    kind: "action",
    input: async (f) => {
      const t = await f.template("draft");
      await setTemplateStatus({ templateId: t.id, status: "archived", actorId: f.users.author! });
      return { templateId: t.id };
    },
    expect: authorOrAdmin,
  },
  "app/(app)/review/[templateId]/actions.ts#submitTemplateForReview": {
    kind: "action",
    input: async (f) => ({ templateId: (await f.template("draft")).id }),
    expect: authorOnly,
  },
  "app/(app)/review/[templateId]/actions.ts#decideTemplateReview": {
    kind: "action",
    input: async (f) => {
      const t = await f.template("in_review");
      return { templateId: t.id, versionNumber: t.versionNumber, decision: "approve" };
    },
    expect: reviewersNotAuthor,
  },
  "app/(app)/review/[templateId]/actions.ts#commentOnVersion": {
    kind: "action",
    input: async (f) => {
      const t = await f.template("in_review");
      return { templateId: t.id, versionNumber: t.versionNumber, line: 1, body: "a line comment" };
    },
    expect: conversation,
  },
  "app/(app)/review/[templateId]/actions.ts#resolveCommentThread": {
    kind: "action",
    input: async (f) => {
      const c = await f.commentThread();
      return { templateId: c.templateId, commentId: c.commentId, resolved: true };
    },
    expect: conversation,
  },
  "app/(app)/notifications/actions.ts#markRead": {
    kind: "action",
    input: async () => ({}),
    expect: signedIn,
  },
  "app/api/health/route.ts#GET": {
    kind: "route",
    request: async () => ({ path: "/api/health" }),
    expect: everyone,
  },
  "app/api/v1/datasets/route.ts#GET": { kind: "route", request: async () => ({ path: "/api/v1/datasets" }), expect: everyone },
  "app/api/v1/datasets/[datasetId]/route.ts#GET": {
    kind: "route",
    request: async (f) => ({ path: `/api/v1/datasets/${f.datasetId}`, params: { datasetId: f.datasetId } }),
    expect: everyone,
  },
  "app/api/v1/openapi.json/route.ts#GET": { kind: "route", request: async () => ({ path: "/api/v1/openapi.json" }), expect: everyone },
  "app/api/v1/releases/route.ts#GET": { kind: "route", request: async () => ({ path: "/api/v1/releases" }), expect: everyone },
  "app/api/v1/releases/[releaseName]/route.ts#GET": {
    kind: "route",
    request: async (f) => {
      const { publishRelease } = await import("@/lib/db");
      await f.template("approved");
      const release = await publishRelease({ name: f.unique("r") }, f.users.admin!);
      return { path: `/api/v1/releases/${release.name}`, params: { releaseName: release.name } };
    },
    expect: everyone,
  },
  "app/api/v1/me/route.ts#GET": { kind: "route", request: async () => ({ path: "/api/v1/me" }), expect: signedIn },
  "app/(app)/mixtures/actions.ts#loadMixtureOptions": { kind: "action", input: async (f) => ({ release: await f.release(), taxonomy: "sni" }), expect: signedIn },
  "app/(app)/mixtures/actions.ts#planMixture": { kind: "action", input: async (f) => ({ release: await f.release(), params: { rule: "equal" } }), expect: signedIn },
  "app/(app)/mixtures/actions.ts#startMixture": { kind: "action", input: async (f) => ({ release: await f.release(), params: { cap: 5 } }), expect: signedIn },
  "app/(app)/mixtures/actions.ts#getMixtureJob": { kind: "action", input: async (f) => ({ jobId: await f.mixtureJob() }), expect: authorOrAdmin },
  "app/(app)/mixtures/actions.ts#cancelMixtureJob": { kind: "action", input: async (f) => ({ jobId: await f.mixtureJob() }), expect: authorOrAdmin },
  "app/api/v1/mixtures/route.ts#POST": {
    kind: "route",
    request: async (f) => ({ path: "/api/v1/mixtures", body: { release: await f.release(), params: { cap: 10 } } }),
    expect: signedIn,
  },
  "app/api/v1/mixtures/[jobId]/route.ts#GET": {
    kind: "route",
    request: async (f) => {
      const id = await f.mixtureJob();
      return { path: `/api/v1/mixtures/${id}`, params: { jobId: id } };
    },
    expect: authorOrAdmin,
  },
  "app/api/v1/mixtures/plan/route.ts#POST": {
    kind: "route",
    request: async (f) => ({ path: "/api/v1/mixtures/plan", body: { release: await f.release(), params: { cap: 10 } } }),
    expect: signedIn,
  },
  "app/api/v1/render/route.ts#POST": {
    kind: "route",
    request: async () => ({ path: "/api/v1/render", body: { template: { jinja: "{{a}} ||| x" }, rows: [{ a: 1 }] } }),
    expect: everyone,
  },
  "app/api/v1/templates/route.ts#GET": { kind: "route", request: async () => ({ path: "/api/v1/templates" }), expect: everyone },
  "app/api/v1/templates/route.ts#POST": {
    kind: "route",
    request: async (f) => ({
      path: "/api/v1/templates",
      headers: await f.bearer(f.persona, "write"),
      body: { datasetId: f.datasetId, name: f.unique("api"), jinja: "{{text}} ||| x" },
    }),
    expect: signedIn,
  },
  "app/api/v1/templates/[templateId]/route.ts#GET": {
    kind: "route",
    request: async (f) => {
      const t = await f.template("draft");
      return { path: `/api/v1/templates/${t.id}`, params: { templateId: t.id } };
    },
    // a private draft: its author, reviewers and admins
    expect: { ...conversation, admin: "allow" },
  },
  "app/api/v1/templates/[templateId]/versions/route.ts#GET": {
    kind: "route",
    request: async (f) => {
      const t = await f.template("draft");
      return { path: `/api/v1/templates/${t.id}/versions`, params: { templateId: t.id } };
    },
    expect: { ...conversation, admin: "allow" },
  },
  "app/api/v1/templates/[templateId]/versions/route.ts#POST": {
    kind: "route",
    request: async (f) => {
      const t = await f.template("draft");
      return {
        path: `/api/v1/templates/${t.id}/versions`,
        params: { templateId: t.id },
        headers: await f.bearer(f.persona, "write"),
        body: { baseVersion: 1, name: f.unique("api"), jinja: "{{text}} ||| y" },
      };
    },
    expect: authorOrAdmin,
  },
  "app/(app)/releases/actions.ts#publishReleaseAction": {
    kind: "action",
    input: async (f) => {
      await f.template("approved");
      return { name: f.unique("rel").replace(/[^0-9A-Za-z._-]/g, "-"), notes: "matrix" };
    },
    expect: adminOnly,
  },
  "app/api/exports/route.ts#GET": { kind: "route", request: async () => ({ path: "/api/exports?format=promptsource" }), expect: everyone },
  "app/api/imports/route.ts#POST": {
    kind: "route",
    request: async (f) => {
      return { path: "/api/imports", headers: { "content-type": "application/zip" }, body: importZip(f.unique("imp"), randomUUID()) };
    },
    expect: reviewersAndAdmins,
  },
  // Background jobs: anyone signed in starts one and lists their own; a job is its creator's (and admins').
  "app/api/exports/jobs/route.ts#POST": { kind: "route", request: async () => ({ path: "/api/exports/jobs", body: { format: "promptsource" } }), expect: signedIn },
  "app/api/jobs/route.ts#GET": { kind: "route", request: async () => ({ path: "/api/jobs?kind=export" }), expect: signedIn },
  "app/api/jobs/[jobId]/route.ts#GET": {
    kind: "route",
    request: async (f) => {
      const id = await f.exportJob("queued");
      return { path: `/api/jobs/${id}`, params: { jobId: id } };
    },
    expect: authorOrAdmin,
  },
  "app/api/jobs/[jobId]/cancel/route.ts#POST": {
    kind: "route",
    request: async (f) => {
      const id = await f.exportJob("queued");
      return { path: `/api/jobs/${id}/cancel`, params: { jobId: id }, body: {} };
    },
    expect: authorOrAdmin,
  },
  "app/api/jobs/[jobId]/download/route.ts#GET": {
    kind: "route",
    // a pool export; a release's export is public (lib/auth/policy.test.ts, e2e export-job)
    request: async (f) => {
      const id = await f.exportJob("done");
      return { path: `/api/jobs/${id}/download`, params: { jobId: id } };
    },
    expect: authorOrAdmin,
  },
  "app/api/auth/[...nextauth]/route.ts#GET": { kind: "exempt", why: "next-auth's own endpoints (sign-in, session, CSRF); covered by the auth e2e specs" },
  "app/api/auth/[...nextauth]/route.ts#POST": { kind: "exempt", why: "next-auth's own endpoints (sign-in, session, CSRF); covered by the auth e2e specs" },
};
