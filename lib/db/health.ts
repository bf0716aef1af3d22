import "server-only";
import { getDb, getDbProvider } from "./client";

export interface DatabaseHealth {
  ok: boolean;
  provider: "sqlite" | "postgresql";
  /** a short reason when not ok; never contains the connection string */
  message?: string;
}

function describe(error: unknown): string {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  if (code === "P1001") return "database server unreachable";
  if (code === "P1003") return "database does not exist";
  if (code === "P2021") return "database is not migrated (run npm run db:migrate)";
  return "database query failed";
}

/** Answers within `timeoutMs` whether the database can be queried and is migrated. */
export async function checkDatabase(timeoutMs = 3000): Promise<DatabaseHealth> {
  const provider = getDbProvider();
  let timer: NodeJS.Timeout | undefined;
  try {
    const probe = getDb().user.count({ take: 1 });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error("timeout"), { code: "TIMEOUT" })), timeoutMs);
    });
    await Promise.race([probe, timeout]);
    return { ok: true, provider };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { ok: false, provider, message: code === "TIMEOUT" ? "database did not answer in time" : describe(error) };
  } finally {
    clearTimeout(timer);
  }
}
