import "server-only";
/**
 * PostgreSQL dispatch for background jobs through pg-boss (a maintained PostgreSQL job queue:
 * SKIP LOCKED fetching, its own schema `pgboss`, maintenance of old messages). One queue per job
 * kind, `promptpool-job-<kind>`, whose messages carry `{ jobId }`.
 *
 * pg-boss's statements run inside our Prisma transactions (its `db` option takes any
 * `executeSql(text, values)`), so a Job row and its message commit together: enqueueing inserts the
 * row and sends the message in one transaction; claiming fetches a message, moves the row
 * queued → running and completes the message in one transaction. From the claim on, the Job row's
 * lock (lockedBy + heartbeatAt) is what keeps a job alive; pg-boss's own expiry and retries are not
 * used because they cannot tell a long export from a dead instance (pg-boss 10 has no heartbeat).
 * A job re-queued after its instance died gets a new message.
 */
import PgBoss from "pg-boss";
import { logger } from "../log";
import { onDbClose, type Tx } from "./client";

export const PG_BOSS_SCHEMA = "pgboss";

export function jobQueueName(kind: string): string {
  return `promptpool-job-${kind}`;
}

interface CachedBoss {
  url: string;
  ready: Promise<PgBoss>;
  boss: PgBoss;
  queues: Set<string>;
}

const store = globalThis as typeof globalThis & { __promptpoolPgBoss?: CachedBoss };

/** pg-boss's SQL through a Prisma transaction (undefined → NULL and objects → JSON, as node-postgres does). */
export function txExecutor(tx: Tx): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const args = values.map((v) => (v === undefined ? null : v !== null && typeof v === "object" && !(v instanceof Date) && !Array.isArray(v) ? JSON.stringify(v) : v));
      const rows = await tx.$queryRawUnsafe<Record<string, unknown>[]>(text, ...args);
      return { rows };
    },
  };
}

/** The process's pg-boss for `url`, started (schema created or migrated) on first use. */
export async function getPgBoss(url: string): Promise<PgBoss> {
  const cached = store.__promptpoolPgBoss;
  if (cached && cached.url === url) return cached.ready;
  if (cached) await stopPgBoss();
  const boss = new PgBoss({
    connectionString: url,
    schema: PG_BOSS_SCHEMA,
    application_name: "promptpool-jobs",
    max: 2,
    // maintenance (archive and delete old messages) runs in every instance under pg-boss's own lock
    supervise: true,
    schedule: false,
    migrate: true,
  });
  boss.on("error", (error) => logger.error("pg-boss error", { error: error instanceof Error ? error.message : String(error) }));
  const entry: CachedBoss = { url, boss, queues: new Set(), ready: boss.start() };
  store.__promptpoolPgBoss = entry;
  onDbClose(stopPgBoss);
  try {
    await entry.ready;
  } catch (error) {
    if (store.__promptpoolPgBoss === entry) delete store.__promptpoolPgBoss;
    throw error;
  }
  return entry.ready;
}

/** Creates the kind's queue once (another instance may create it at the same moment). */
export async function ensureJobQueue(url: string, kind: string): Promise<string> {
  const boss = await getPgBoss(url);
  const name = jobQueueName(kind);
  const entry = store.__promptpoolPgBoss!;
  if (entry.queues.has(name)) return name;
  if (!(await boss.getQueue(name))) {
    try {
      await boss.createQueue(name, { name, policy: "standard", retryLimit: 0 });
    } catch (error) {
      if (!(await boss.getQueue(name))) throw error;
    }
  }
  entry.queues.add(name);
  return name;
}

export async function stopPgBoss(): Promise<void> {
  const cached = store.__promptpoolPgBoss;
  if (!cached) return;
  delete store.__promptpoolPgBoss;
  try {
    await (await cached.ready).stop({ graceful: false, wait: true, close: true });
  } catch {
    // a boss that never started has nothing to stop
  }
}
