import "server-only";
// The one place that constructs a Prisma client. The provider follows DATABASE_URL at run time:
// "file:..." -> SQLite through better-sqlite3, "postgresql://..." -> PostgreSQL through pg. Both
// generated clients come from schemas with identical models, so one TypeScript type serves both.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient, type Prisma } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { databaseProvider, getEnv, type DatabaseProvider } from "../env";
import { serializedSqliteAdapter } from "./sqlite-adapter";

export type Db = SqliteClient;
export type Tx = Prisma.TransactionClient;

interface CachedClient {
  url: string;
  provider: DatabaseProvider;
  client: Db;
}

// Cached on globalThis so that Next's hot reload and repeated imports share one pool.
const store = globalThis as typeof globalThis & {
  __promptpoolDb?: CachedClient;
  __promptpoolDbUrlOverride?: string;
  __promptpoolDbCloseHooks?: Set<() => Promise<void>>;
};

/**
 * Things that hold their own connections to the database (the PostgreSQL job queue) close with
 * the client: when it disconnects or lib/db is pointed at another database.
 */
export function onDbClose(hook: () => Promise<void>): void {
  (store.__promptpoolDbCloseHooks ??= new Set()).add(hook);
}

async function runCloseHooks(): Promise<void> {
  const hooks = [...(store.__promptpoolDbCloseHooks ?? [])];
  store.__promptpoolDbCloseHooks?.clear();
  for (const hook of hooks) await hook().catch(() => {});
}

export function createDbClient(url: string): Db {
  if (databaseProvider(url) === "sqlite") {
    return new SqliteClient({ adapter: serializedSqliteAdapter(url) });
  }
  const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
  return client as unknown as Db;
}

function currentUrl(): string {
  return store.__promptpoolDbUrlOverride ?? getEnv().DATABASE_URL;
}

export function getDb(): Db {
  const url = currentUrl();
  const cached = store.__promptpoolDb;
  if (cached && cached.url === url) return cached.client;
  if (cached) void cached.client.$disconnect().catch(() => {});
  const client = createDbClient(url);
  store.__promptpoolDb = { url, provider: databaseProvider(url), client };
  return client;
}

export function getDbProvider(): DatabaseProvider {
  return databaseProvider(currentUrl());
}

/** The connection string lib/db uses now (never log it). */
export function getDbUrl(): string {
  return currentUrl();
}

/**
 * Point lib/db at another database than DATABASE_URL (tests run one suite against SQLite and
 * PostgreSQL in one process; scripts may target a database given on the command line).
 * Pass null to return to DATABASE_URL.
 */
export async function useDatabaseUrl(url: string | null): Promise<void> {
  if (url === null) delete store.__promptpoolDbUrlOverride;
  else store.__promptpoolDbUrlOverride = url;
  const cached = store.__promptpoolDb;
  if (cached && cached.url !== currentUrl()) {
    delete store.__promptpoolDb;
    await runCloseHooks();
    await cached.client.$disconnect();
  }
}

export async function disconnectDb(): Promise<void> {
  const cached = store.__promptpoolDb;
  delete store.__promptpoolDb;
  await runCloseHooks();
  if (cached) await cached.client.$disconnect();
}

/** Prisma's unique-constraint violation (P2002), whatever the provider. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/** Short write transactions: no rendering or network inside. */
export function inTransaction<T>(fn: (tx: Tx) => Promise<T>, options: { timeoutMs?: number } = {}): Promise<T> {
  return getDb().$transaction(fn, { maxWait: 10_000, timeout: options.timeoutMs ?? 15_000 });
}

/**
 * One line for a database fault, without the connection string or Prisma's call-site excerpt
 * (for logs and command-line messages; pages show their own generic text).
 */
export function describeDatabaseError(error: unknown): string {
  const e = (typeof error === "object" && error !== null ? error : {}) as { code?: unknown; message?: unknown };
  switch (e.code) {
    case "P1001":
      return "database server unreachable";
    case "P1003":
      return "database does not exist (run npm run db:migrate)";
    case "P1000":
      return "database authentication failed";
    case "P2021":
      return "database is not migrated (run npm run db:migrate)";
  }
  const lines = String(e.message ?? "")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return (lines.at(-1) ?? String(e.code ?? "unknown database error")).replace(/\b(postgres(?:ql)?:\/\/)[^\s@/]+@/g, "$1***@");
}
