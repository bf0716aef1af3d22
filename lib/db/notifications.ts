import "server-only";
// In-app notifications. Written inside the transaction of the event they announce (a decision, a
// submission, a reply), so a rolled-back decision never notifies anyone.
import { z } from "zod";
import { getDb, type Tx } from "./client";
import { parseOrThrow } from "./validate";

export const NOTIFICATION_KINDS = ["review_requested", "decision", "reply"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationDTO {
  id: string;
  kind: NotificationKind;
  message: string;
  url: string;
  read: boolean;
  createdAt: string;
}

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  message: string;
  url: string;
  subjectType: string;
  subjectId: string;
}

export async function createNotifications(list: NewNotification[], tx: Tx): Promise<void> {
  if (list.length === 0) return;
  await tx.notification.createMany({ data: list.map((n) => ({ ...n, message: n.message.slice(0, 500) })) });
}

export async function listNotifications(userId: string, options: { limit?: number } = {}): Promise<NotificationDTO[]> {
  const rows = await getDb().notification.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(options.limit ?? 100, 1), 500),
  });
  return rows.map((n) => ({
    id: n.id,
    kind: z.enum(NOTIFICATION_KINDS).catch("decision").parse(n.kind),
    message: n.message,
    url: n.url,
    read: n.readAt !== null,
    createdAt: n.createdAt.toISOString(),
  }));
}

export async function countUnreadNotifications(userId: string): Promise<number> {
  return getDb().notification.count({ where: { userId, readAt: null } });
}

/** Marks the user's notifications read: the given ones, or all when `ids` is omitted. Others' are untouched. */
export async function markNotificationsRead(userId: string, ids?: string[]): Promise<number> {
  const list = ids === undefined ? undefined : parseOrThrow(z.array(z.string().min(1).max(100)).max(500), ids);
  const r = await getDb().notification.updateMany({
    where: { userId, readAt: null, ...(list ? { id: { in: list } } : {}) },
    data: { readAt: new Date() },
  });
  return r.count;
}
