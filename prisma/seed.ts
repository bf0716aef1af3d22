// `npm run db:seed`: loads the demo datasets and templates (prisma/demo/, written for PromptPool)
// into an EMPTY database (no datasets, no templates); otherwise it changes nothing, so running it on
// every start is safe. In demo mode (PROMPTPOOL_DEMO=1) it also makes sure the three demo accounts
// exist (password "promptpool-demo"); outside demo mode the demo templates belong to a disabled
// "PromptPool demo data" account that cannot sign in, and no account is created that could.
// Goes through lib/db like the app does. Run with the react-server condition (see package.json)
// because lib/db modules are marked "server-only".
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getEnv } from "../lib/env";
import { ConfigError } from "../lib/errors";
import { hashPassword } from "../lib/passwords";
import { describeDatabaseError, disconnectDb, getDb } from "../lib/db/client";
import { createDataset, sortSplits, type DatasetInput } from "../lib/db/datasets";
import { addSampleRows } from "../lib/db/sample-rows";
import { createTemplate, setTemplateStatus, type TemplateStatus } from "../lib/db/templates";
import { createVersion, type VersionInput } from "../lib/db/versions";
import { addComment, addReview, decideReview, submitForReview, type ReviewDecision } from "../lib/db/reviews";
import { createUser, findUserForSignIn, type Role } from "../lib/db/users";

const demoDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "demo");

export const DEMO_PASSWORD = "promptpool-demo";
export const DEMO_ACCOUNTS: { email: string; name: string; role: Role }[] = [
  { email: "contributor@promptpool.test", name: "Demo Contributor", role: "contributor" },
  { email: "reviewer@promptpool.test", name: "Demo Reviewer", role: "reviewer" },
  { email: "admin@promptpool.test", name: "Demo Admin", role: "admin" },
];
const DATA_OWNER = { email: "demo-data@promptpool.invalid", name: "PromptPool demo data" };

interface DemoTemplate {
  id: string;
  dataset: string;
  subset: string | null;
  name: string;
  status: TemplateStatus;
  poolVersion: number | null;
  versions: (VersionInput & { message: string })[];
  review?: { decision: ReviewDecision; comment: string };
  comment?: { line: number | null; body: string };
}

export interface SeedResult {
  seeded: boolean;
  datasets: number;
  sampleRows: number;
  templates: number;
  demoAccountsCreated: number;
}

async function ensureUser(u: { email: string; name: string; role: Role; passwordHash: () => Promise<string | null>; disabled?: boolean }): Promise<string> {
  const existing = await findUserForSignIn(u.email);
  if (existing) return existing.id;
  const created = await createUser({ email: u.email, name: u.name, role: u.role, passwordHash: await u.passwordHash() }, null);
  if (u.disabled) await getDb().user.update({ where: { id: created.id }, data: { disabled: true } });
  return created.id;
}

export async function seedDatabase(options: { demo: boolean; log?: (line: string) => void }): Promise<SeedResult> {
  const log = options.log ?? (() => {});
  const result: SeedResult = { seeded: false, datasets: 0, sampleRows: 0, templates: 0, demoAccountsCreated: 0 };
  const ids: Record<string, string> = {};
  if (options.demo) {
    // One bcrypt hash for the three accounts: the demo password is public anyway, and each hash costs ~0.3 s.
    let demoHash: Promise<string> | undefined;
    const passwordHash = () => (demoHash ??= hashPassword(DEMO_PASSWORD));
    for (const account of DEMO_ACCOUNTS) {
      const before = await findUserForSignIn(account.email);
      ids[account.role] = await ensureUser({ ...account, passwordHash });
      if (!before) result.demoAccountsCreated += 1;
    }
  }
  const db = getDb();
  if ((await db.dataset.count()) > 0 || (await db.template.count()) > 0) {
    log("db:seed: the database already has content; nothing to seed");
    return result;
  }
  const authorId = options.demo ? ids.contributor : await ensureUser({ ...DATA_OWNER, role: "contributor", passwordHash: async () => null, disabled: true });
  const reviewerId = options.demo ? ids.reviewer : authorId;
  const adminId = options.demo ? ids.admin : null;

  const datasetIds = new Map<string, string>();
  const folders = readdirSync(demoDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  for (const folder of folders) {
    const meta = JSON.parse(readFileSync(path.join(demoDir, folder, "dataset.json"), "utf8")) as DatasetInput;
    const dataset = await createDataset(meta, adminId);
    datasetIds.set(`${meta.name}/${meta.subset ?? ""}`, dataset.id);
    const splits = sortSplits(
      readdirSync(path.join(demoDir, folder)).filter((f) => f.endsWith(".jsonl")).map((f) => ({ name: f.slice(0, -".jsonl".length) })),
    );
    for (const { name: split } of splits) {
      const lines = readFileSync(path.join(demoDir, folder, `${split}.jsonl`), "utf8").split("\n").filter((l) => l.trim() !== "");
      const { added } = await addSampleRows(dataset.id, split, lines.map((dataJson, index) => ({ index, dataJson })), adminId);
      result.sampleRows += added;
    }
    result.datasets += 1;
  }

  const templates = JSON.parse(readFileSync(path.join(demoDir, "templates.json"), "utf8")) as DemoTemplate[];
  for (const t of templates) {
    const datasetId = datasetIds.get(`${t.dataset}/${t.subset ?? ""}`);
    if (!datasetId) throw new Error(`prisma/demo/templates.json: template ${t.name} names unknown dataset ${t.dataset}`);
    const [first, ...rest] = t.versions;
    await createTemplate({ id: t.id, datasetId, name: t.name, createdById: authorId, version: first, message: first.message });
    let latest = 1;
    for (const v of rest) {
      await createVersion({ templateId: t.id, baseVersion: latest, authorId, version: v, message: v.message });
      latest += 1;
    }
    const inWorkflow = t.status === "in_review" || t.status === "changes_requested" || t.status === "rejected";
    if (inWorkflow && reviewerId !== authorId) {
      // Through the review workflow itself, so the queue, notifications and audit log are real.
      await submitForReview({ templateId: t.id, actorId: authorId });
      if (t.review) await decideReview({ templateId: t.id, versionNumber: latest, reviewerId, ...t.review });
      if (t.comment) await addComment({ templateId: t.id, versionNumber: latest, authorId: reviewerId, ...t.comment });
    } else {
      if (t.review) await addReview({ templateId: t.id, versionNumber: latest, reviewerId, ...t.review });
      if (t.comment) await addComment({ templateId: t.id, versionNumber: latest, authorId: reviewerId, ...t.comment });
      if (t.status !== "draft") {
        // Outside demo mode one system account owns everything, and nobody reviews their own work.
        await setTemplateStatus({ templateId: t.id, status: t.status, poolVersion: t.poolVersion, reviewVersion: inWorkflow ? latest : undefined, actorId: t.review ? reviewerId : authorId });
      }
    }
    result.templates += 1;
  }
  result.seeded = true;
  log(`db:seed: ${result.datasets} datasets, ${result.sampleRows} sample rows, ${result.templates} templates`);
  return result;
}

async function main(): Promise<void> {
  let demo: boolean;
  try {
    demo = getEnv().PROMPTPOOL_DEMO;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`db:seed: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  try {
    const r = await seedDatabase({ demo, log: (l) => console.log(l) });
    if (demo) console.log(`db:seed: demo accounts ${DEMO_ACCOUNTS.map((a) => a.email).join(", ")} (password "${DEMO_PASSWORD}")${r.demoAccountsCreated ? `, ${r.demoAccountsCreated} created` : ""}`);
  } catch (error) {
    console.error(`db:seed: failed: ${describeDatabaseError(error)}`);
    process.exitCode = 1;
  } finally {
    await disconnectDb();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void main();
}
