/**
 * POST /datasets/import/file end to end below the browser: the real route (withApi, the policy,
 * the parsers, lib/db on a real database) with only the session stubbed. Uploads travel as
 * multipart, so a file far above withApi's JSON body limit (1 MiB) goes through; bad input is
 * refused with its place and reason, and a refused import changes nothing.
 */
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import type { SessionUser } from "@/lib/auth/session-user";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/session", async () => {
  const { authorize } = await import("@/lib/auth/authorize");
  return { authorize, getSessionUser: async () => session.user };
});

import { POST } from "@/app/(app)/datasets/import/file/route";
import { getDataset, listSampleRows } from "@/lib/db";
import { listAuditEvents } from "@/lib/db/audit";
import { describeDb } from "@/lib/db/testing/harness";
import { makeUser, unique } from "@/lib/db/testing/fixtures";
import { resetEnvForTests } from "@/lib/env";

async function upload(options: unknown, fileName: string, content: string | Uint8Array<ArrayBuffer>) {
  const form = new FormData();
  form.set("options", JSON.stringify(options));
  form.set("file", new File([content], fileName));
  const req = new NextRequest("http://127.0.0.1/datasets/import/file", { method: "POST", body: form });
  const res = await POST(req, { params: Promise.resolve({}) });
  return { status: res.status, json: (await res.json()) as { datasetId?: string; error?: { code: string; message: string } } };
}

const saved = { ...process.env };
beforeAll(() => {
  process.env.PROMPTPOOL_SAMPLE_ROWS_MAX_BYTES = "3000000";
  process.env.PROMPTPOOL_SAMPLE_ROWS_MAX_ROWS = "20000";
  resetEnvForTests();
});
afterAll(() => {
  process.env = saved;
  resetEnvForTests();
});

describeDb("uploading sample rows", () => {
  beforeAll(async () => {
    const u = await makeUser("contributor");
    session.user = { id: u.id, role: "contributor", name: u.name, email: u.email } as SessionUser;
  });

  it("takes a 1.2 MB CSV (over the 1 MiB JSON body limit), converting its text labels to a ClassLabel", async () => {
    const lines = ["text,label"];
    for (let i = 0; i < 6_000; i++) lines.push(`"review ${i}: ${"quite a long sentence, with a comma. ".repeat(5)}",${i % 3 === 0 ? "neg" : "pos"}`);
    expect(lines.join("\n").length).toBeGreaterThan(1_200_000);
    const name = unique("big");
    const r = await upload({ create: { name }, split: "train", classLabels: { label: ["neg", "pos"] } }, "big.csv", lines.join("\n") + "\n");
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const d = await getDataset(r.json.datasetId!);
    expect(d?.features).toEqual({ text: { _type: "Value", dtype: "string" }, label: { _type: "ClassLabel", names: ["neg", "pos"] } });
    expect(d?.splits).toEqual([{ name: "train", rowCount: lines.length - 1 }]);
    const first = (await listSampleRows(d!.id, { limit: 2 })).rows.map((row) => JSON.parse(row.dataJson) as { label: number });
    expect(first.map((row) => row.label)).toEqual([0, 1]);
  });

  it.each([
    ["bad.jsonl", '{"a": 1}\n{"a": 2,}\n', "bad.jsonl:2: Expecting property name enclosed in double quotes"],
    ["ragged.csv", "a,b\n1,2\n3\n", "ragged.csv row 3: 1 field, but the header has 2 columns"],
    ["labels.csv", "t,label\nx,yes\ny,maybe\n", 'labels.csv row 3: label "maybe" is not one of the class names'],
    ["huge.jsonl", "x".repeat(3_000_001), "huge.jsonl is 3.0 MB; files up to 3.0 MB can be imported"],
  ])("refuses %s with its reason and creates nothing", async (fileName, content, message) => {
    const name = unique("bad");
    const r = await upload({ create: { name }, split: "train", classLabels: fileName === "labels.csv" ? { label: ["yes", "no"] } : {} }, fileName, content);
    expect([r.status, r.json.error?.message]).toEqual([400, expect.stringContaining(message)]);
  });

  it("refuses a body far over the file limit before reading it all", async () => {
    const r = await upload({ create: { name: unique("x") }, split: "train" }, "x.jsonl", new Uint8Array(new ArrayBuffer(4_100_000)));
    expect(r.status).toBe(413);
  });

  it("a refused import into an existing dataset leaves it as it was", async () => {
    const created = await upload({ create: { name: unique("keep") }, split: "train", classLabels: { label: ["a", "b"] } }, "a.jsonl", '{"label": 0}\n{"label": 1}\n');
    const datasetId = created.json.datasetId!;
    const before = { dataset: await getDataset(datasetId), rows: await listSampleRows(datasetId), audit: await listAuditEvents({ subjectType: "dataset", subjectId: datasetId }) };
    const r = await upload({ datasetId, split: "train", replace: true }, "more.jsonl", '{"label": 1}\n{"label": 7}\n');
    expect(r.json.error?.message).toBe('more.jsonl:2: label is 7, not an index of the 2 class names of "label"');
    expect({ dataset: await getDataset(datasetId), rows: await listSampleRows(datasetId), audit: await listAuditEvents({ subjectType: "dataset", subjectId: datasetId }) }).toEqual(before);
  });

  it("refuses a body that is not multipart", async () => {
    const req = new NextRequest("http://127.0.0.1/datasets/import/file", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    const res = await POST(req, { params: Promise.resolve({}) });
    expect([res.status, ((await res.json()) as { error: { message: string } }).error.message]).toEqual([400, "Send the file as multipart/form-data with the fields options and file"]);
  });
});
