import "server-only";
import { describeDatabaseError, getDb, getDbProvider } from "./client";

export interface DatabaseHealth {
  ok: boolean;
  provider: "sqlite" | "postgresql";
  /** a short reason when not ok; never contains the connection string */
  message?: string;
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
    return { ok: false, provider, message: code === "TIMEOUT" ? "database did not answer in time" : describeDatabaseError(error) };
  } finally {
    clearTimeout(timer);
  }
}
