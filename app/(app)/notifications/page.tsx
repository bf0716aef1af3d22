import type { Metadata } from "next";
import { NotificationList } from "@/components/notifications/notification-list";
import "@/components/review/review.css";
import { requirePageUser } from "@/lib/auth/session";
import { listNotifications } from "@/lib/db";
import { markRead } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const user = await requirePageUser("/notifications");
  const items = await listNotifications(user.id);
  return (
    <>
      <div className="page-header">
        <h1>Notifications</h1>
        <p className="lead">Reviews requested from you, decisions on your templates and replies to your comments.</p>
      </div>
      <section className="card">
        <NotificationList items={items.map((n) => ({ id: n.id, message: n.message, url: n.url, read: n.read, createdAt: n.createdAt }))} markRead={markRead} />
      </section>
    </>
  );
}
