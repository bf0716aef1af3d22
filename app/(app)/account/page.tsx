import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ApiTokens } from "@/components/account/api-tokens";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { RoleBadge, StatusBadge } from "@/components/ui/badges";
import { requirePageUser } from "@/lib/auth/session";
import { getUser, listApiTokens, listTemplates } from "@/lib/db";
import { changePassword, createPersonalToken, revokePersonalToken } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your account" };

const ROLE_TEXT = {
  contributor: "You can write templates and submit them for review.",
  reviewer: "You can write templates and review other people's.",
  admin: "You can write and review templates, and manage users and datasets.",
} as const;

export default async function AccountPage() {
  const session = await requirePageUser("/account");
  const [user, mine, tokens] = await Promise.all([getUser(session.id), listTemplates({ createdById: session.id }), listApiTokens(session.id)]);
  if (!user) notFound();
  return (
    <>
      <div className="page-header">
        <h1>Your account</h1>
      </div>
      <div className="two-col">
        <section className="card">
          <h2>Your templates</h2>
          {mine.length === 0 ? (
            <p className="empty">You have not written any templates yet.</p>
          ) : (
            <ul className="list-plain">
              {mine.map((t) => (
                <li key={t.id}>
                  <Link href={`/templates/${t.id}`}>{t.name}</Link> <StatusBadge status={t.status} />
                  <div className="muted small">
                    {t.datasetSubset ? `${t.datasetName} / ${t.datasetSubset}` : t.datasetName} · v{t.latestVersion}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-label="Profile">
          <h2>Profile</h2>
          <dl className="meta-list" data-testid="account-details">
            <dt>Name</dt>
            <dd>{user.name ?? "—"}</dd>
            <dt>Email</dt>
            <dd>{user.email ?? "—"}</dd>
            <dt>Role</dt>
            <dd>
              <RoleBadge role={user.role} />
            </dd>
            <dt>Member since</dt>
            <dd>{user.createdAt.slice(0, 10)}</dd>
          </dl>
          <p className="muted small" style={{ marginTop: "0.75rem" }}>
            {ROLE_TEXT[user.role]}
          </p>
          <h2 style={{ marginTop: "1.25rem" }}>Password</h2>
          <ChangePasswordForm changePassword={changePassword} />
        </section>
      </div>
      <section className="card" aria-label="API tokens" style={{ marginTop: "1.25rem" }}>
        <h2>API tokens</h2>
        <p className="muted small">
          Personal access tokens for the <Link href="/api-docs">JSON API</Link>: send one as <code>Authorization: Bearer &lt;token&gt;</code>.
          A token acts as you, limited to its scope; revoke it when a tool no longer needs it.
        </p>
        <ApiTokens tokens={tokens} createToken={createPersonalToken} revokeToken={revokePersonalToken} />
      </section>
    </>
  );
}
