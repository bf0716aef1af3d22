import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { UserControls } from "@/components/admin/user-controls";
import { can } from "@/lib/auth/policy";
import { requirePageUser } from "@/lib/auth/session";
import { listUsers } from "@/lib/db";
import { changeUserDisabled, changeUserRole } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Users" };

export default async function AdminUsersPage() {
  const me = await requirePageUser("/admin/users");
  if (!can(me, "user.list")) notFound();
  const users = await listUsers();
  return (
    <>
      <div className="page-header">
        <h1>Users</h1>
        <p className="lead">Change roles and disable accounts. Changes apply on the user&apos;s next request.</p>
      </div>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Joined</th>
              <th>Status</th>
              <th>Role and access</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.name ?? "—"}</td>
                <td>{u.email ?? "—"}</td>
                <td className="muted">{u.createdAt.slice(0, 10)}</td>
                <td>{u.disabled ? <span className="badge badge-disabled">disabled</span> : <span className="badge">active</span>}</td>
                <td>
                  <UserControls
                    userId={u.id}
                    label={u.email ?? u.name ?? u.id}
                    role={u.role}
                    disabled={u.disabled}
                    editable={can(me, "user.manage", { kind: "user", id: u.id })}
                    changeRole={changeUserRole}
                    changeDisabled={changeUserDisabled}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
