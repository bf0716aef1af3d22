import "server-only";
// Instance settings an admin can change; values are JSON text under dotted keys. Each change is
// audited in the same transaction.
import { z } from "zod";
import { APPROVALS_SETTING, MAX_APPROVALS_REQUIRED, parseApprovalsRequired } from "../review/workflow";
import { getDb, inTransaction, type Tx } from "./client";
import { recordAudit } from "./audit";
import { parseOrThrow } from "./validate";

async function readSetting(key: string, tx?: Tx): Promise<string | null> {
  const row = await (tx ?? getDb()).setting.findUnique({ where: { key } });
  return row?.value ?? null;
}

/** How many approvals from distinct reviewers a version needs to enter the pool (default 1). */
export async function getApprovalsRequired(tx?: Tx): Promise<number> {
  return parseApprovalsRequired(await readSetting(APPROVALS_SETTING, tx));
}

export const approvalsRequiredSchema = z.coerce
  .number()
  .int("A whole number")
  .min(1, "At least 1")
  .max(MAX_APPROVALS_REQUIRED, `At most ${MAX_APPROVALS_REQUIRED}`);

export async function setApprovalsRequired(value: number, actorId: string): Promise<number> {
  const n = parseOrThrow(approvalsRequiredSchema, value);
  await inTransaction(async (tx) => {
    const before = await getApprovalsRequired(tx);
    await tx.setting.upsert({ where: { key: APPROVALS_SETTING }, create: { key: APPROVALS_SETTING, value: JSON.stringify(n) }, update: { value: JSON.stringify(n) } });
    await recordAudit({ actorId, action: "setting.change", subjectType: "system", subjectId: APPROVALS_SETTING, details: { from: before, to: n } }, tx);
  });
  return n;
}
