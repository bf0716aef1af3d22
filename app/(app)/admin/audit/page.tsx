import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import "@/components/review/review.css";
import { can } from "@/lib/auth/policy";
import { requirePageUser } from "@/lib/auth/session";
import { listAuditActions, listAuditEvents, listUsers } from "@/lib/db";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const SUBJECT_TYPES = ["user", "dataset", "template", "version", "review", "comment", "system"];

function one(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s ? s.slice(0, 200) : undefined;
}

/** The append-only audit trail, newest first, filterable; read-only by construction (lib/db never updates events). */
export default async function AuditPage({ searchParams }: Props) {
  const me = await requirePageUser("/admin/audit");
  if (!can(me, "audit.read")) notFound();
  const q = await searchParams;
  const filter = {
    action: one(q.action),
    actorId: one(q.actor),
    subjectType: one(q.subjectType),
    subjectId: one(q.subjectId),
    from: one(q.from),
    to: one(q.to),
    limit: 200,
  };
  const [events, actions, users] = await Promise.all([listAuditEvents(filter), listAuditActions(), listUsers()]);
  const names = new Map(users.map((u) => [u.id, u.name ?? u.email ?? u.id]));
  const prefixes = [...new Set(actions.map((a) => `${a.split(".")[0]}.`))];

  return (
    <>
      <div className="page-header">
        <h1>Audit log</h1>
        <p className="lead">Every submission, decision, role change, sign-up and edit, with who and when. Events are only ever added.</p>
      </div>
      <form className="filters card" method="get" aria-label="Filter the audit log">
        <label>
          Action
          <select name="action" defaultValue={filter.action ?? ""}>
            <option value="">all</option>
            {prefixes.map((p) => (
              <option key={p} value={p}>
                {p}*
              </option>
            ))}
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          Actor
          <select name="actor" defaultValue={filter.actorId ?? ""}>
            <option value="">anyone</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name ?? u.email}
              </option>
            ))}
          </select>
        </label>
        <label>
          Subject type
          <select name="subjectType" defaultValue={filter.subjectType ?? ""}>
            <option value="">any</option>
            {SUBJECT_TYPES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Subject id
          <input type="text" name="subjectId" defaultValue={filter.subjectId ?? ""} />
        </label>
        <label>
          From
          <input type="date" name="from" defaultValue={filter.from ?? ""} />
        </label>
        <label>
          To
          <input type="date" name="to" defaultValue={filter.to ?? ""} />
        </label>
        <button type="submit" className="small">
          Filter
        </button>
        <Link href="/admin/audit" className="small">
          Clear
        </Link>
      </form>
      <p className="muted small" data-testid="audit-count">
        {events.length} event{events.length === 1 ? "" : "s"}
        {events.length === filter.limit ? ` (the newest ${filter.limit})` : ""}
      </p>
      <div className="table-wrap">
        <table aria-label="Audit events">
          <thead>
            <tr>
              <th>When (UTC)</th>
              <th>Actor</th>
              <th>Action</th>
              <th>Subject</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td className="small">{e.at.slice(0, 19).replace("T", " ")}</td>
                <td>{e.actorId ? (names.get(e.actorId) ?? e.actorId) : <span className="muted">system</span>}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td className="small">
                  {e.subjectType}:{" "}
                  {e.subjectType === "template" ? <Link href={`/review/${e.subjectId}`}>{e.subjectId.slice(0, 8)}</Link> : e.subjectType === "user" ? (names.get(e.subjectId) ?? e.subjectId) : e.subjectId}
                </td>
                <td className="small audit-details">
                  <code>{JSON.stringify(e.details)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
