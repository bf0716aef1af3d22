"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTransition } from "react";

export interface NotificationView {
  id: string;
  message: string;
  url: string;
  read: boolean;
  createdAt: string;
}

type MarkRead = (input: { ids?: string[] }) => Promise<unknown>;

/** The user's notifications; opening one marks it read, and all can be marked read at once. */
export function NotificationList({ items, markRead }: { items: NotificationView[]; markRead: MarkRead }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const unread = items.filter((n) => !n.read).length;
  return (
    <>
      <p>
        <button
          type="button"
          className="secondary small"
          disabled={pending || unread === 0}
          onClick={() =>
            start(async () => {
              await markRead({});
              router.refresh();
            })
          }
        >
          Mark all as read
        </button>
      </p>
      {items.length === 0 ? <p className="empty">No notifications.</p> : null}
      <ul className="list-plain notification-list" aria-label="Notifications">
        {items.map((n) => (
          <li key={n.id} className={n.read ? "read" : "unread"}>
            <Link
              href={n.url || "/"}
              onClick={() => {
                if (!n.read) void markRead({ ids: [n.id] });
              }}
            >
              {n.message}
            </Link>{" "}
            {n.read ? null : <span className="badge badge-in_review">new</span>}{" "}
            <time className="muted small" dateTime={n.createdAt}>
              {n.createdAt.slice(0, 16).replace("T", " ")}
            </time>
          </li>
        ))}
      </ul>
    </>
  );
}
