import { expect, it } from "vitest";
import { verifyPassword } from "../lib/passwords";
import { findDatasetByName, listDatasets } from "../lib/db/datasets";
import { listSampleRows } from "../lib/db/sample-rows";
import { getPoolStats } from "../lib/db/stats";
import { getTemplate, listTemplates } from "../lib/db/templates";
import { listVersions } from "../lib/db/versions";
import { listComments, listReviews } from "../lib/db/reviews";
import { findUserForSignIn, listUsers, registerUser } from "../lib/db/users";
import { describeDb } from "../lib/db/testing/harness";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDatabase } from "./seed";

describeDb("demo seed", (db) => {
  it("outside demo mode: loads the demo content, owned by an account that cannot sign in; the first sign-up is still admin", async () => {
    const r = await seedDatabase({ demo: false });
    expect(r).toMatchObject({ seeded: true, datasets: 5, templates: 13, demoAccountsCreated: 0 });
    const users = await listUsers();
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ disabled: true, role: "contributor" });
    expect((await findUserForSignIn(users[0].email!))?.passwordHash).toBeNull();
    for (const a of DEMO_ACCOUNTS) expect(await findUserForSignIn(a.email)).toBeNull();
    const first = await registerUser({ email: "owner@example.org", name: "Owner", passwordHash: "$2b$04$abcdefghijklmnopqrstuu5Vh1sKqT9Qm7r4ZbGgOa2W2mQb9uS3e" });
    expect(first.role).toBe("admin");
  });

  it("in demo mode on an empty database: demo accounts with the real password hash, datasets, rows and templates", async () => {
    await db.fresh();
    const r = await seedDatabase({ demo: true });
    expect(r).toMatchObject({ seeded: true, datasets: 5, templates: 13, demoAccountsCreated: 3 });
    const accounts = await Promise.all(DEMO_ACCOUNTS.map((a) => findUserForSignIn(a.email)));
    DEMO_ACCOUNTS.forEach((a, i) => expect(accounts[i]).toMatchObject({ role: a.role, disabled: false }));
    expect(await verifyPassword(DEMO_PASSWORD, accounts[0]!.passwordHash)).toBe(true);
    expect(await verifyPassword("wrong-password", accounts[0]!.passwordHash)).toBe(false);
    expect(new Set(accounts.map((u) => u!.passwordHash)).size).toBe(1);

    const datasets = await listDatasets();
    expect(datasets.map((d) => [d.name, d.subset])).toEqual([
      ["avis_restaurants", null],
      ["harbor_qa", null],
      ["newsroom_topics", null],
      ["pocket_entailment", null],
      ["town_notes", "short"],
    ]);
    for (const d of datasets) expect(d.rowCount).toBeGreaterThanOrEqual(20);

    const news = (await findDatasetByName("newsroom_topics", null))!;
    expect(news.features).toMatchObject({ label: { _type: "ClassLabel", names: ["world", "sports", "business", "science"] } });
    const entail = (await findDatasetByName("pocket_entailment", null))!;
    expect(entail.splits.map((s) => s.name)).toEqual(["train", "validation", "test"]);
    const test = await listSampleRows(entail.id, { split: "test", limit: 100 });
    expect(test.rows.every((row) => JSON.parse(row.dataJson).label === -1)).toBe(true);
    const qa = (await findDatasetByName("harbor_qa", null))!;
    const qaRow = JSON.parse((await listSampleRows(qa.id, { limit: 1 })).rows[0].dataJson);
    expect(qaRow.context.slice(qaRow.answers.answer_start[0]).startsWith(qaRow.answers.text[0])).toBe(true);
    const avis = (await findDatasetByName("avis_restaurants", null))!;
    const avisRows = await listSampleRows(avis.id, { split: "train", limit: 100 });
    expect(avisRows.rows.some((row) => row.dataJson.includes('"note": 3.0'))).toBe(true);

    const templates = await listTemplates();
    expect(templates).toHaveLength(13);
    const statuses = new Set(templates.map((t) => t.status));
    for (const s of ["approved", "in_review", "draft", "changes_requested", "rejected"]) expect(statuses).toContain(s);
    const qaTemplate = templates.find((t) => t.name === "answer_from_context")!;
    expect(qaTemplate.latestVersion).toBe(3);
    expect((await getTemplate(qaTemplate.id))?.poolVersion).toBe(3);
    expect((await listVersions(qaTemplate.id)).map((v) => v.parentNumber)).toEqual([null, 1, 2]);
    expect((await listReviews(qaTemplate.id))[0]).toMatchObject({ decision: "approve", versionNumber: 3 });
    const sentBack = templates.find((t) => t.status === "changes_requested")!;
    expect((await listComments(sentBack.id))[0]).toMatchObject({ line: 4, resolved: false });
    for (const t of templates) expect(t.createdBy.name).toBe("Demo Contributor");
  });

  it("is idempotent: a second run changes nothing", async () => {
    const before = await getPoolStats();
    const users = (await listUsers()).length;
    const r = await seedDatabase({ demo: true });
    expect(r).toEqual({ seeded: false, datasets: 0, sampleRows: 0, templates: 0, demoAccountsCreated: 0 });
    expect(await getPoolStats()).toEqual(before);
    expect(await listUsers()).toHaveLength(users);
    expect(before).toEqual({ datasets: 5, templates: 13, approvedTemplates: 5, sampleRows: 186, contributors: 1 });
  });
});
