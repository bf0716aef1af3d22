/**
 * `npm run bench:search`: query time of template search (lib/db/search.ts) over 10,000 templates,
 * on SQLite (FTS5, a file under tmp/) and on PostgreSQL (tsvector + GIN, a fresh database on
 * BENCH_POSTGRES_URL / TEST_POSTGRES_URL or postgresql://postgres@127.0.0.1:5432/postgres, dropped
 * at the end). The corpus is generated (seeded, so every run is the same): 60 datasets, 10,000
 * templates of 1–3 versions whose jinja mixes PromptSource-like phrasing with words drawn from a
 * Zipf-distributed vocabulary, so that some words are in most templates and most words in few.
 * The rows go in with the database drivers directly (the triggers build the index as they would
 * for the app); the queries go through searchTemplates exactly as the search page calls it,
 * snippets included. Prints p50 / p95 / max per database and per kind of query. Target: p95 < 50 ms.
 * Figures, not a test: the machine's load changes them.
 */
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { disconnectDb, searchTemplates, useDatabaseUrl, type TemplateSearchInput } from "../lib/db";
import { dropDatabase, withDatabaseName } from "../lib/db/testing/postgres-admin";
import { templateVisibility } from "../lib/search/visibility";
import { migrateDatabase } from "./db-migrate";

const TEMPLATES = Number(process.env.BENCH_TEMPLATES ?? 10_000);
const DATASETS = 60;
const USERS = 25;
const RUNS = 5;
const ROOT = path.resolve(__dirname, "..");

// mulberry32: a small seeded PRNG, so both databases get the same corpus on every run.
function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ["ka", "lo", "mi", "ren", "tu", "sa", "vel", "dor", "ni", "pra", "esk", "ul", "tho", "gri", "ban", "cor", "fe", "lin", "mos", "quo"];
const PHRASES = [
  "Given the premise {{premise}}, does it follow that {{hypothesis}}? ||| {{answer_choices[label]}}",
  "Read the article and answer the question.\n{{context}}\nQuestion: {{question}} ||| {{answers.text[0]}}",
  "What is the topic of this news item? {{text}} ||| {{answer_choices[label]}}",
  "Is this review positive or negative? {{review}} ||| {{answer_choices[label]}}",
  "Summarize the following document in one sentence: {{document}} ||| {{summary}}",
  "Translate to French: {{sentence}} ||| {{translation}}",
  "{{question}} Choose between {{answer_choices | join(' and ')}}. ||| {{answer_choices[label]}}",
];
const DATASET_WORDS = ["glue", "news", "review", "qa", "nli", "summaries", "topics", "tides", "harbor", "questions", "pairs", "claims"];
const CATEGORIES = ["NLI", "QA extractive", "Sentiment", "Topic classification", "Summarization", "Paraphrase", null];
const STATUSES = ["draft", "in_review", "approved", "approved", "approved", "changes_requested", "rejected", "archived"];
const METRICS = ["Accuracy", "BLEU", "ROUGE", "Squad", "Macro F1", "Other"];
const LANGUAGES = ["en", "en", "en", "fr", "de", "es", "sw"];

interface Corpus {
  users: { id: string; name: string; email: string; role: string }[];
  datasets: { id: string; name: string; subset: string | null; taskCategory: string | null }[];
  templates: { id: string; datasetId: string; name: string; status: string; createdById: string; poolVersion: number | null; at: Date }[];
  versions: { id: string; templateId: string; number: number; jinja: string; reference: string; metricsJson: string; languagesJson: string; originalTask: boolean | null; choicesInPrompt: boolean | null; authorId: string; at: Date }[];
  vocabulary: string[];
}

function buildCorpus(): Corpus {
  const rand = prng(20261126);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const vocabulary = Array.from({ length: 4000 }, (_, i) => {
    let w = "";
    let n = i + 1;
    do {
      w += SYLLABLES[n % SYLLABLES.length];
      n = Math.floor(n / SYLLABLES.length);
    } while (n > 0);
    return w + "x";
  });
  // Zipf (s = 1): word k with weight 1/k.
  const weights = vocabulary.map((_, k) => 1 / (k + 1));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  weights.reduce((acc, w) => (cumulative.push((acc + w) / totalWeight), acc + w), 0);
  const zipfWord = () => {
    const r = rand();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return vocabulary[lo]!;
  };
  const words = (n: number) => Array.from({ length: n }, zipfWord).join(" ");

  const users = Array.from({ length: USERS }, (_, i) => ({ id: randomUUID(), name: `Bench User ${i}`, email: `bench${i}@bench.test`, role: i < 3 ? "reviewer" : "contributor" }));
  const datasets = Array.from({ length: DATASETS }, (_, i) => ({
    id: randomUUID(),
    name: `${pick(DATASET_WORDS)}_${pick(DATASET_WORDS)}_${i}`,
    subset: rand() < 0.3 ? `config${i % 4}` : null,
    taskCategory: pick(CATEGORIES),
  }));
  const templates: Corpus["templates"] = [];
  const versions: Corpus["versions"] = [];
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < TEMPLATES; i++) {
    const id = randomUUID();
    const count = 1 + Math.floor(rand() * 3);
    const status = pick(STATUSES);
    const createdById = pick(users).id;
    templates.push({
      id,
      datasetId: pick(datasets).id,
      name: `${zipfWord()}_${zipfWord()}_${i}`,
      status,
      createdById,
      poolVersion: status === "approved" ? count : null,
      at: new Date(start + i * 60_000),
    });
    for (let n = 1; n <= count; n++) {
      versions.push({
        id: randomUUID(),
        templateId: id,
        number: n,
        jinja: `${words(10 + Math.floor(rand() * 30))}\n${pick(PHRASES)}\n${words(5 + Math.floor(rand() * 40))}`,
        reference: rand() < 0.4 ? `Adapted from ${words(4)}` : "",
        metricsJson: JSON.stringify(rand() < 0.8 ? [pick(METRICS)] : []),
        languagesJson: JSON.stringify(rand() < 0.9 ? [pick(LANGUAGES)] : []),
        originalTask: rand() < 0.1 ? null : rand() < 0.6,
        choicesInPrompt: rand() < 0.1 ? null : rand() < 0.4,
        authorId: createdById,
        at: new Date(start + i * 60_000 + n * 1000),
      });
    }
  }
  return { users, datasets, templates, versions, vocabulary };
}

async function loadSqlite(url: string, c: Corpus): Promise<void> {
  const db = new Database(url.replace(/^file:/, ""));
  const iso = (d: Date) => d.toISOString().replace("Z", "+00:00");
  try {
    db.transaction(() => {
      const now = iso(new Date());
      const user = db.prepare(`INSERT INTO "User" ("id", "email", "name", "role", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)`);
      for (const u of c.users) user.run(u.id, u.email, u.name, u.role, now, now);
      const ds = db.prepare(`INSERT INTO "Dataset" ("id", "name", "subset", "taskCategory", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)`);
      for (const d of c.datasets) ds.run(d.id, d.name, d.subset, d.taskCategory, now, now);
      const t = db.prepare(
        `INSERT INTO "Template" ("id", "datasetId", "name", "status", "poolVersion", "latestVersion", "createdById", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)`,
      );
      for (const x of c.templates) t.run(x.id, x.datasetId, x.name, x.status, x.poolVersion, x.createdById, iso(x.at), iso(x.at));
      const v = db.prepare(
        `INSERT INTO "TemplateVersion" ("id", "templateId", "number", "jinja", "reference", "originalTask", "choicesInPrompt", "metricsJson", "languagesJson", "authorId", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const bool = (b: boolean | null) => (b === null ? null : b ? 1 : 0);
      for (const x of c.versions) v.run(x.id, x.templateId, x.number, x.jinja, x.reference, bool(x.originalTask), bool(x.choicesInPrompt), x.metricsJson, x.languagesJson, x.authorId, iso(x.at));
      // As createVersion does: the version first, then latestVersion moves (the trigger indexes it).
      db.prepare(`UPDATE "Template" SET "latestVersion" = (SELECT max("number") FROM "TemplateVersion" v WHERE v."templateId" = "Template"."id")`).run();
    })();
    db.pragma("optimize");
  } finally {
    db.close();
  }
}

async function loadPostgres(url: string, c: Corpus): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    const batches = async <T>(rows: T[], size: number, columns: string, table: string, values: (r: T) => unknown[]) => {
      for (let i = 0; i < rows.length; i += size) {
        const chunk = rows.slice(i, i + size);
        const params: unknown[] = [];
        const tuples = chunk.map((r) => {
          const vs = values(r);
          const placeholders = vs.map((v) => (params.push(v), `$${params.length}`));
          return `(${placeholders.join(", ")})`;
        });
        await client.query(`INSERT INTO "${table}" (${columns}) VALUES ${tuples.join(", ")}`, params);
      }
    };
    const now = new Date();
    await batches(c.users, 500, `"id", "email", "name", "role", "createdAt", "updatedAt"`, "User", (u) => [u.id, u.email, u.name, u.role, now, now]);
    await batches(c.datasets, 500, `"id", "name", "subset", "taskCategory", "createdAt", "updatedAt"`, "Dataset", (d) => [d.id, d.name, d.subset, d.taskCategory, now, now]);
    await batches(c.templates, 500, `"id", "datasetId", "name", "status", "poolVersion", "latestVersion", "createdById", "createdAt", "updatedAt"`, "Template", (x) => [
      x.id, x.datasetId, x.name, x.status, x.poolVersion, 0, x.createdById, x.at, x.at,
    ]);
    await batches(
      c.versions,
      500,
      `"id", "templateId", "number", "jinja", "reference", "originalTask", "choicesInPrompt", "metricsJson", "languagesJson", "authorId", "createdAt"`,
      "TemplateVersion",
      (x) => [x.id, x.templateId, x.number, x.jinja, x.reference, x.originalTask, x.choicesInPrompt, x.metricsJson, x.languagesJson, x.authorId, x.at],
    );
    await client.query(`UPDATE "Template" t SET "latestVersion" = (SELECT max("number") FROM "TemplateVersion" v WHERE v."templateId" = t."id")`);
    await client.query("COMMIT");
    await client.query("VACUUM ANALYZE");
  } finally {
    await client.end();
  }
}

type QuerySpec = { kind: string; input: Omit<TemplateSearchInput, "visibility">; anonymous?: boolean };

function querySpecs(c: Corpus): QuerySpec[] {
  const v = c.vocabulary;
  const specs: QuerySpec[] = [];
  // Words by frequency rank: 0 is in most templates, 3000 in a handful.
  for (const k of [0, 1, 2, 5]) specs.push({ kind: "common word", input: { text: v[k]! } });
  for (const k of [40, 150, 600]) specs.push({ kind: "middling word", input: { text: v[k]! } });
  for (const k of [1500, 2500, 3900]) specs.push({ kind: "rare word", input: { text: v[k]! } });
  for (const k of [3, 20, 300]) specs.push({ kind: "prefix", input: { text: v[k]!.slice(0, 3) } });
  specs.push({ kind: "two words", input: { text: `${v[0]} ${v[7]}` } }, { kind: "two words", input: { text: `premise ${v[30]}` } });
  specs.push({ kind: "phrase", input: { text: '"does it follow"' } }, { kind: "phrase", input: { text: `"answer choices"` } });
  specs.push({ kind: "word + filters", input: { text: "question", metric: "Accuracy", language: "en" } });
  specs.push({ kind: "word + filters", input: { text: v[1]!, status: ["approved"], originalTask: true } });
  specs.push({ kind: "word + filters", input: { text: "review", datasetId: c.datasets[3]!.id } });
  specs.push({ kind: "filters only", input: { metric: "BLEU" } }, { kind: "filters only", input: { language: "fr", choicesInPrompt: false } });
  specs.push({ kind: "filters only", input: { authorId: c.users[4]!.id } }, { kind: "filters only", input: { taskCategory: null } });
  specs.push({ kind: "anonymous", input: { text: v[0]! }, anonymous: true }, { kind: "anonymous", input: { text: "summarize" }, anonymous: true });
  specs.push({ kind: "page 5", input: { text: v[2]!, offset: 80 } });
  return specs;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function measure(label: string, url: string, c: Corpus): Promise<void> {
  await useDatabaseUrl(url);
  const reviewer = templateVisibility({ id: c.users[0]!.id, role: "reviewer" });
  const anonymous = templateVisibility(null);
  const specs = querySpecs(c);
  const byKind = new Map<string, number[]>();
  const all: number[] = [];
  const hits: number[] = [];
  for (const spec of specs) await searchTemplates({ visibility: reviewer, ...spec.input }); // warm caches
  for (let run = 0; run < RUNS; run++) {
    for (const spec of specs) {
      const started = performance.now();
      const result = await searchTemplates({ visibility: spec.anonymous ? anonymous : reviewer, ...spec.input });
      const ms = performance.now() - started;
      if (run === 0) hits.push(result.total);
      all.push(ms);
      byKind.set(spec.kind, [...(byKind.get(spec.kind) ?? []), ms]);
    }
  }
  all.sort((a, b) => a - b);
  console.log(`\n${label}: ${all.length} queries (${specs.length} kinds of search × ${RUNS}), matches per query ${Math.min(...hits)}–${Math.max(...hits)}`);
  console.log(`  all queries      p50 ${fmt(percentile(all, 50))}  p95 ${fmt(percentile(all, 95))}  max ${fmt(all.at(-1)!)}`);
  for (const [kind, times] of byKind) {
    times.sort((a, b) => a - b);
    console.log(`  ${kind.padEnd(16)} p50 ${fmt(percentile(times, 50))}  p95 ${fmt(percentile(times, 95))}`);
  }
  await disconnectDb();
}

async function main() {
  const corpus = buildCorpus();
  console.log(`bench:search: ${corpus.templates.length} templates (${corpus.versions.length} versions) over ${corpus.datasets.length} datasets`);

  const dir = path.join(ROOT, "tmp", "bench-search");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const sqliteUrl = `file:${path.join(dir, "search.db")}`;
  let started = performance.now();
  await migrateDatabase(sqliteUrl);
  await loadSqlite(sqliteUrl, corpus);
  console.log(`SQLite: migrated and loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await measure("SQLite (FTS5)", sqliteUrl, corpus);

  const server = process.env.BENCH_POSTGRES_URL || process.env.TEST_POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  const name = `promptpool_bench_search_${randomBytes(4).toString("hex")}`;
  const pgUrl = withDatabaseName(server, name);
  try {
    started = performance.now();
    await migrateDatabase(pgUrl);
    await loadPostgres(pgUrl, corpus);
    console.log(`\nPostgreSQL: migrated and loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await measure("PostgreSQL (tsvector + GIN)", pgUrl, corpus);
  } finally {
    await useDatabaseUrl(null);
    if (process.env.BENCH_KEEP) console.log(`kept ${sqliteUrl} and ${pgUrl}`);
    else await dropDatabase(server, name);
  }
  if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
