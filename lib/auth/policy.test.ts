import { describe, expect, it } from "vitest";
import { ACTIONS, can, needsResource, type Action, type Actor, type Resource, type TemplateStatus } from "./policy";

const anon = null;
const alice: Actor = { id: "alice", role: "contributor" };
const bob: Actor = { id: "bob", role: "contributor" };
const rita: Actor = { id: "rita", role: "reviewer" };
const ada: Actor = { id: "ada", role: "admin" };
const disabledAdmin: Actor = { id: "zed", role: "admin", disabled: true };

function tpl(status: TemplateStatus, createdById = "alice", poolVersion: number | null = null): Resource {
  return { kind: "template", createdById, status, poolVersion };
}

function job(createdById: string | null, publicOutput = false): Resource {
  return { kind: "job", createdById, publicOutput };
}

type Row = [string, Actor | null, Action, Resource | undefined, boolean];

const rows: Row[] = [
  // anyone reads the pool, datasets and health
  ["anonymous reads the pool", anon, "pool.read", undefined, true],
  ["anonymous downloads the pool", anon, "pool.download", undefined, true],
  ["anonymous reads datasets", anon, "dataset.read", undefined, true],
  ["anonymous reads health", anon, "health.read", undefined, true],
  // registration is for people without an account
  ["anonymous registers", anon, "account.register", undefined, true],
  ["a signed-in user does not register again", alice, "account.register", undefined, false],
  ["anonymous has no account page", anon, "account.read", undefined, false],
  ["contributor reads own account", alice, "account.read", undefined, true],
  ["contributor updates own account", alice, "account.update", undefined, true],
  // templates: reading
  ["anonymous reads an approved template", anon, "template.read", tpl("approved"), true],
  ["anonymous reads a pooled template whose new version is in review", anon, "template.read", tpl("in_review", "alice", 2), true],
  ["anonymous cannot read a draft", anon, "template.read", tpl("draft"), false],
  ["anonymous cannot read a template in review", anon, "template.read", tpl("in_review"), false],
  ["owner reads own draft", alice, "template.read", tpl("draft"), true],
  ["another contributor cannot read a draft", bob, "template.read", tpl("draft"), false],
  ["another contributor reads a template in review", bob, "template.read", tpl("in_review"), true],
  ["another contributor cannot read a rejected template", bob, "template.read", tpl("rejected"), false],
  ["reviewer reads any draft", rita, "template.read", tpl("draft"), true],
  ["template.read without a resource is denied", ada, "template.read", undefined, false],
  // templates: writing
  ["anonymous cannot create", anon, "template.create", undefined, false],
  ["contributor creates", alice, "template.create", undefined, true],
  ["owner edits own draft", alice, "template.edit", tpl("draft"), true],
  ["owner edits own approved template (new version)", alice, "template.edit", tpl("approved"), true],
  ["nobody edits an archived template", alice, "template.edit", tpl("archived"), false],
  ["another contributor cannot edit", bob, "template.edit", tpl("draft"), false],
  ["a reviewer cannot edit others' templates", rita, "template.edit", tpl("draft"), false],
  ["an admin edits others' templates", ada, "template.edit", tpl("draft"), true],
  ["owner submits a draft", alice, "template.submit", tpl("draft"), true],
  ["owner resubmits after changes were requested", alice, "template.submit", tpl("changes_requested"), true],
  ["owner may submit a newer version while one is in review (lib/review refuses the same one)", alice, "template.submit", tpl("in_review"), true],
  ["owner cannot submit an archived template", alice, "template.submit", tpl("archived"), false],
  ["owner resubmits a rejected template", alice, "template.submit", tpl("rejected"), true],
  ["another contributor cannot submit", bob, "template.submit", tpl("draft"), false],
  ["owner archives own template", alice, "template.archive", tpl("draft"), true],
  ["another contributor cannot archive", bob, "template.archive", tpl("approved"), false],
  ["an admin archives", ada, "template.archive", tpl("approved"), true],
  ["nobody archives twice", alice, "template.archive", tpl("archived"), false],
  ["owner unarchives own template", alice, "template.unarchive", tpl("archived"), true],
  ["another contributor cannot unarchive", bob, "template.unarchive", tpl("archived"), false],
  ["an admin unarchives", ada, "template.unarchive", tpl("archived"), true],
  ["a template that is not archived cannot be unarchived", alice, "template.unarchive", tpl("draft"), false],
  // reviewing
  ["contributor cannot review", bob, "template.review", tpl("in_review"), false],
  ["reviewer reviews others' templates in review", rita, "template.review", tpl("in_review"), true],
  ["reviewer cannot review own template", rita, "template.review", tpl("in_review", "rita"), false],
  ["reviewer cannot review a draft", rita, "template.review", tpl("draft"), false],
  ["admin reviews", ada, "template.review", tpl("in_review"), true],
  ["admin cannot review own template", ada, "template.review", tpl("in_review", "ada"), false],
  ["admin cannot review a version they wrote into another's template", ada, "template.review", { kind: "template", createdById: "alice", status: "in_review", poolVersion: null, reviewAuthorId: "ada" }, false],
  ["disabled admin cannot review", disabledAdmin, "template.review", tpl("in_review"), false],
  // review conversation, queue, notifications, audit and settings
  ["author comments on own template", alice, "review.comment", tpl("changes_requested"), true],
  ["reviewer comments", rita, "review.comment", tpl("in_review", "alice"), true],
  ["another contributor cannot comment", bob, "review.comment", tpl("in_review"), false],
  ["anonymous cannot comment", anon, "review.comment", tpl("in_review"), false],
  ["nobody comments on an archived template", rita, "review.comment", tpl("archived"), false],
  ["contributor has no review queue", alice, "review.queue", undefined, false],
  ["reviewer has the review queue", rita, "review.queue", undefined, true],
  ["contributor reads own notifications", alice, "notification.read", undefined, true],
  ["anonymous has no notifications", anon, "notification.read", undefined, false],
  ["reviewer cannot read the audit log", rita, "audit.read", undefined, false],
  ["admin reads the audit log", ada, "audit.read", undefined, true],
  ["reviewer cannot change settings", rita, "settings.manage", undefined, false],
  ["admin changes settings", ada, "settings.manage", undefined, true],
  ["disabled admin cannot change settings", disabledAdmin, "settings.manage", undefined, false],
  // imports, releases, background exports
  ["contributor cannot import a PromptSource tree", alice, "pool.import", undefined, false],
  ["reviewer imports a PromptSource tree", rita, "pool.import", undefined, true],
  ["admin imports a PromptSource tree", ada, "pool.import", undefined, true],
  ["anonymous cannot import", anon, "pool.import", undefined, false],
  ["reviewer cannot publish a release", rita, "release.publish", undefined, false],
  ["admin publishes a release", ada, "release.publish", undefined, true],
  ["disabled admin cannot publish a release", disabledAdmin, "release.publish", undefined, false],
  ["anonymous cannot start a background export", anon, "export.job", undefined, false],
  ["contributor starts a background export", alice, "export.job", undefined, true],
  ["anonymous cannot plan a mixture", anon, "mixture.plan", undefined, false],
  ["contributor plans a mixture", alice, "mixture.plan", undefined, true],
  ["anonymous cannot build a mixture", anon, "mixture.run", undefined, false],
  ["contributor builds a mixture", alice, "mixture.run", undefined, true],
  // background jobs belong to who started them; admins see all; a release export's file is public
  ["contributor lists own jobs", alice, "job.list", undefined, true],
  ["anonymous has no jobs", anon, "job.list", undefined, false],
  ["creator reads a job", alice, "job.read", job("alice"), true],
  ["another contributor cannot read it", bob, "job.read", job("alice"), false],
  ["a reviewer cannot read someone's job", rita, "job.read", job("alice"), false],
  ["admin reads any job", ada, "job.read", job("alice"), true],
  ["creator cancels a job", alice, "job.cancel", job("alice"), true],
  ["another contributor cannot cancel it", bob, "job.cancel", job("alice"), false],
  ["admin cancels any job", ada, "job.cancel", job("alice"), true],
  ["nobody cancels a public export of someone else", bob, "job.cancel", job("alice", true), false],
  ["creator downloads a pool export", alice, "job.download", job("alice"), true],
  ["another contributor cannot download a pool export", bob, "job.download", job("alice"), false],
  ["anonymous cannot download a pool export", anon, "job.download", job("alice"), false],
  ["anonymous downloads a release export", anon, "job.download", job("alice", true), true],
  ["job.read needs a job", ada, "job.read", { kind: "user", id: "bob" }, false],
  ["a disabled creator cannot read their job", { ...alice, disabled: true }, "job.read", job("alice"), false],
  ["a read token reads its owner's job", { ...alice, tokenScope: "read" }, "job.read", job("alice"), true],
  ["a read token cannot cancel a job", { ...alice, tokenScope: "read" }, "job.cancel", job("alice"), false],
  // administration
  ["contributor cannot list users", alice, "user.list", undefined, false],
  ["reviewer cannot list users", rita, "user.list", undefined, false],
  ["admin lists users", ada, "user.list", undefined, true],
  ["admin manages another user", ada, "user.manage", { kind: "user", id: "bob" }, true],
  ["admin cannot demote or disable themselves", ada, "user.manage", { kind: "user", id: "ada" }, false],
  ["reviewer cannot manage users", rita, "user.manage", { kind: "user", id: "bob" }, false],
  ["admin manages datasets", ada, "dataset.manage", undefined, true],
  ["reviewer cannot manage datasets", rita, "dataset.manage", undefined, false],
  ["contributor creates a dataset", alice, "dataset.create", undefined, true],
  ["anonymous cannot create a dataset", anon, "dataset.create", undefined, false],
  ["contributor adds rows to a dataset they created", alice, "dataset.import", { kind: "dataset", createdById: "alice" }, true],
  ["contributor cannot add rows to someone else's dataset", bob, "dataset.import", { kind: "dataset", createdById: "alice" }, false],
  ["reviewer cannot add rows to a seeded dataset", rita, "dataset.import", { kind: "dataset", createdById: null }, false],
  ["admin adds rows to any dataset", ada, "dataset.import", { kind: "dataset", createdById: null }, true],
  ["disabled creator cannot add rows", { ...alice, disabled: true }, "dataset.import", { kind: "dataset", createdById: "alice" }, false],
  ["dataset.import needs a dataset", ada, "dataset.import", { kind: "user", id: "bob" }, false],
  // disabled accounts act as anonymous
  ["a disabled admin cannot list users", disabledAdmin, "user.list", undefined, false],
  ["a disabled user cannot create", { ...alice, disabled: true }, "template.create", undefined, false],
  ["a disabled user still reads the pool", disabledAdmin, "pool.read", undefined, true],
  // personal access tokens: a read-scoped token changes nothing, whatever the owner's role
  ["a read token reads the owner's draft", { ...alice, tokenScope: "read" }, "template.read", tpl("draft"), true],
  ["a read token cannot create", { ...alice, tokenScope: "read" }, "template.create", undefined, false],
  ["a read token cannot edit the owner's template", { ...alice, tokenScope: "read" }, "template.edit", tpl("draft"), false],
  ["an admin's read token cannot manage datasets", { ...ada, tokenScope: "read" }, "dataset.manage", undefined, false],
  ["an admin's read token lists users", { ...ada, tokenScope: "read" }, "user.list", undefined, true],
  ["a read token plans a mixture", { ...alice, tokenScope: "read" }, "mixture.plan", undefined, true],
  ["a read token cannot build a mixture", { ...alice, tokenScope: "read" }, "mixture.run", undefined, false],
  ["a write token creates", { ...alice, tokenScope: "write" }, "template.create", undefined, true],
  ["a write token edits the owner's template", { ...alice, tokenScope: "write" }, "template.edit", tpl("draft"), true],
  ["a write token gives no more than the role", { ...alice, tokenScope: "write" }, "dataset.manage", undefined, false],
  ["a disabled user's write token is anonymous", { ...alice, disabled: true, tokenScope: "write" }, "template.create", undefined, false],
];

describe("can()", () => {
  it.each(rows)("%s", (_label, actor, action, resource, expected) => {
    expect(can(actor, action, resource)).toBe(expected);
  });

  it("covers every action in the table", () => {
    const tested = new Set(rows.map((r) => r[2]));
    expect(ACTIONS.filter((a) => !tested.has(a))).toEqual([]);
  });

  it("denies every resource-bound action without a resource", () => {
    for (const action of ACTIONS.filter(needsResource)) {
      expect([action, can(ada, action)]).toEqual([action, false]);
    }
  });

  it("treats an unknown role as anonymous", () => {
    const forged = { id: "x", role: "superuser" } as unknown as Actor;
    expect(can(forged, "template.create")).toBe(false);
    expect(can(forged, "pool.read")).toBe(true);
  });
});
